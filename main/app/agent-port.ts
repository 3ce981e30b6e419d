/**
 * What the app needs from the agent: the requests of protocol/ipc.ts (plus the two additions the
 * app proposes, marked below) and its pushed events. AgentClient speaks it over the local channel;
 * tests may speak it in process.
 */
import type { CountdownEvent, Unsubscribe } from '../../protocol/app-api.js';
import type { ErrorCode } from '../../protocol/error-codes.js';
import type { IpcEvent, IpcRequest, IpcResults } from '../../protocol/ipc.js';
import type { WipeSummary } from '../../protocol/wipe-summary.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * PROPOSED for protocol/ipc.ts: a dry run of the same wipe (`tabula wipe --dry-run` over the
 * channel). Until the agent knows it, it answers E_BAD_REQUEST and the app reports E_UNSUPPORTED.
 */
export interface PreviewRequest {
  type: 'preview';
  account?: string;
  token?: string;
}

export type AgentRequest = DistributiveOmit<IpcRequest, 'id'> | PreviewRequest;
export type AgentRequestType = AgentRequest['type'];

export interface AgentResults extends IpcResults {
  preview: { summary: WipeSummary };
}

export type AgentResponse<T extends AgentRequestType> = { ok: true; result: AgentResults[T] } | { ok: false; code: ErrorCode };

/** PROPOSED for protocol/ipc.ts: the idle machine's outputs, pushed to watching connections. */
export interface CountdownAgentEvent {
  event: 'countdown';
  countdown: CountdownEvent;
}

export type AgentEvent = IpcEvent | CountdownAgentEvent;

export interface AgentPort {
  request<T extends AgentRequestType>(request: Extract<AgentRequest, { type: T }>): Promise<AgentResponse<T>>;
  onEvent(listener: (event: AgentEvent) => void): Unsubscribe;
}
