/**
 * The alert rules, run after every stored batch (for the PCs in it) and on a timer (every PC, for
 * silence): a PC whose last wipe was partial or failed, whose reports were not clean
 * `repeatThreshold` times in a row, or that has not reported for the silent threshold, opens an
 * alert — one per PC and condition, sent at once to every channel of its site — until it
 * recovers, which sends one recovery message. Deliveries never delay the agent's answer.
 */
import { errorHelp } from '../../../protocol/error-help.js';
import type { Metrics } from '../metrics.js';
import type { AlertSubject } from '../store/sql-alerts.js';
import type { Store } from '../store/store.js';
import { ALERT_CONDITIONS, type AlertCondition, type AlertEvent, type AlertKind } from './alert-types.js';
import type { AlertChannelRecord } from './channels.js';
import { deliver, DeliveryError } from './send.js';

export interface AlerterOptions {
  store: Store;
  metrics: Metrics;
  now: () => number;
  silentAfterMs: number;
  /** Reports not clean in a row that make a PC "failing repeatedly"; default 3. */
  repeatThreshold?: number;
  log?: (entry: Record<string, unknown>) => void;
}

export const DEFAULT_REPEAT_THRESHOLD = 3;

export class Alerter {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly repeat: number;

  constructor(private readonly o: AlerterOptions) {
    this.repeat = o.repeatThreshold ?? DEFAULT_REPEAT_THRESHOLD;
  }

  private active(s: AlertSubject, condition: AlertCondition, now: number): boolean {
    switch (condition) {
      case 'wipe-failed':
        return s.lastOutcome === 'partial' || s.lastOutcome === 'failed';
      case 'failing-repeatedly':
        return s.lastOutcome !== 'clean' && s.failStreak >= this.repeat;
      case 'silent':
        return (s.lastSeenAt ?? s.enrolledAt) < now - this.o.silentAfterMs;
    }
  }

  /** The event for a PC (no patron data: ids, enums, labels IT chose, fixed help text). */
  event(
    kind: AlertKind,
    condition: AlertCondition,
    s: Pick<AlertSubject, 'id' | 'siteId' | 'siteName' | 'label' | 'lastOutcome' | 'lastCategory' | 'lastCode' | 'failStreak'>,
  ): AlertEvent {
    const failing = kind === 'alert' && condition !== 'silent';
    const help = failing && s.lastCode ? errorHelp(s.lastCode) : null;
    return {
      kind,
      condition,
      site: { id: s.siteId, name: s.siteName },
      pc: { id: s.id, label: s.label },
      outcome: failing ? s.lastOutcome : null,
      category: failing ? s.lastCategory : null,
      code: failing ? s.lastCode : null,
      meaning: help?.meaning ?? null,
      action: help?.action ?? null,
      failStreak: s.failStreak,
      at: new Date(this.o.now()).toISOString(),
    };
  }

  /** Applies the rules to these PCs (null: all); resolves once their messages were attempted. */
  async evaluate(ids: readonly string[] | null): Promise<void> {
    const now = this.o.now();
    const [subjects, states] = await Promise.all([this.o.store.alertSubjects(ids), this.o.store.alertStates(ids)]);
    const open = new Set(states.map((r) => `${r.deviceId} ${r.condition}`));
    const sends: Promise<unknown>[] = [];
    for (const s of subjects) {
      for (const condition of ALERT_CONDITIONS) {
        const isOpen = open.has(`${s.id} ${condition}`);
        if (this.active(s, condition, now)) {
          if (!isOpen && (await this.o.store.raiseAlert(s.id, condition, s.siteId, now)))
            sends.push(this.send(s.siteId, this.event('alert', condition, s)));
        } else if (isOpen && (await this.o.store.clearAlert(s.id, condition))) {
          sends.push(this.send(s.siteId, this.event('recovery', condition, s)));
        }
      }
    }
    await Promise.all(sends);
  }

  /** After a stored batch: runs in the background; `idle()` waits for it (tests, shutdown). */
  afterIngest(deviceId: string): void {
    this.track(this.evaluate([deviceId]));
  }

  private track(p: Promise<unknown>): void {
    const q = p
      .catch((error: unknown) => {
        this.o.metrics.inc('tabula_dashboard_alerts_total', { result: 'error' });
        this.o.log?.({ event: 'alert.error', code: (error as { code?: unknown }).code ?? (error as Error).name });
      })
      .finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async send(siteId: string, event: AlertEvent): Promise<void> {
    const channels = await this.o.store.alertChannels(siteId);
    await Promise.all(channels.map((c) => this.sendTo(c, event).catch(() => undefined)));
  }

  /** One delivery; counted, logged by code; rejects with DeliveryError. */
  async sendTo(channel: AlertChannelRecord, event: AlertEvent): Promise<void> {
    try {
      await deliver(channel, event, this.o.now());
      this.o.metrics.inc('tabula_dashboard_alerts_total', { result: 'sent', kind: event.kind });
      this.o.log?.({
        event: 'alert.sent',
        site: event.site.id,
        condition: event.condition,
        kind: event.kind,
        channel: channel.target.kind,
      });
    } catch (error) {
      const code = error instanceof DeliveryError ? error.code : 'E_ALERT_NETWORK';
      this.o.metrics.inc('tabula_dashboard_alerts_total', { result: 'failed', kind: event.kind });
      this.o.log?.({ event: 'alert.failed', site: event.site.id, channel: channel.target.kind, code });
      throw error instanceof DeliveryError ? error : new DeliveryError('E_ALERT_NETWORK');
    }
  }

  /** A test message to one channel (the UI's and CLI's test button). */
  async test(channel: AlertChannelRecord, siteName: string | null): Promise<void> {
    const subject = {
      id: 'dev_00000000000000000000000000000000',
      siteId: channel.siteId,
      siteName,
      label: 'test',
      lastOutcome: null,
      lastCategory: null,
      lastCode: null,
      failStreak: 0,
    };
    await this.sendTo(channel, this.event('test', 'wipe-failed', subject));
  }
}
