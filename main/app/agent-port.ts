/**
 * What the app needs from the agent: the requests of protocol/ipc.ts and its pushed events
 * (progress, wipeDone, countdown). AgentClient speaks it over the local channel; tests may speak
 * it in process.
 */
import type { Unsubscribe } from '../../protocol/app-api.js';
import type { ErrorCode } from '../../protocol/error-codes.js';
import type { IpcEvent, IpcRequest, IpcResults } from '../../protocol/ipc.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type AgentRequest = DistributiveOmit<IpcRequest, 'id'>;
export type AgentRequestType = AgentRequest['type'];
export type AgentResults = IpcResults;

/** `retryAfterSec`: with E_LOCKED, seconds until the agent checks a staff PIN again. */
export type AgentResponse<T extends AgentRequestType> =
  { ok: true; result: AgentResults[T] } | { ok: false; code: ErrorCode; retryAfterSec?: number };

export type AgentEvent = IpcEvent;

export interface AgentPort {
  request<T extends AgentRequestType>(request: Extract<AgentRequest, { type: T }>): Promise<AgentResponse<T>>;
  onEvent(listener: (event: AgentEvent) => void): Unsubscribe;
}
