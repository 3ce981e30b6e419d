/**
 * Groups concurrent ingests into one transaction (group commit): requests that arrive while the
 * previous flush runs, or within `windowMs`, are stored together. Each caller's promise settles
 * only after the transaction holding its batch has committed, so a 200 still means "stored".
 * If a shared flush fails, its items are retried one per transaction, so one bad batch cannot
 * fail its neighbours; a store that is down fails them all, each with its own error.
 */
import type { ReportBatchT } from '../../../protocol/report.js';
import type { SqlDb } from './sql-db.js';
import { ingestMany, type IngestItem } from './sql-ingest.js';
import type { DeviceRecord, IngestResult } from './store.js';

interface Pending extends IngestItem {
  resolve: (result: IngestResult | null) => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /** Wait this long for more ingests before a flush; 0 (default) flushes on the next turn of the event loop. */
  windowMs?: number;
  /** Batches per transaction at most. */
  maxItems?: number;
}

export class IngestBatcher {
  private pending: Pending[] = [];
  private scheduled = false;
  private running: Promise<void> | null = null;
  private readonly windowMs: number;
  private readonly maxItems: number;

  constructor(
    private readonly db: SqlDb,
    options: BatcherOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 0;
    this.maxItems = options.maxItems ?? 256;
  }

  ingest(device: DeviceRecord, batch: ReportBatchT, now: number): Promise<IngestResult | null> {
    return new Promise((resolve, reject) => {
      this.pending.push({ device, batch, now, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything queued so far is stored (or has failed). */
  async drain(): Promise<void> {
    while (this.running || this.pending.length > 0) {
      if (this.running) await this.running;
      else await this.flush();
    }
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.windowMs > 0) setTimeout(go, this.windowMs);
    else setImmediate(go);
  }

  private flush(): Promise<void> {
    if (this.running) return this.running;
    const items = this.pending.splice(0, this.maxItems);
    this.running = this.store(items).finally(() => {
      this.running = null;
      if (this.pending.length > 0) this.schedule();
    });
    return this.running;
  }

  private async store(items: Pending[]): Promise<void> {
    if (items.length === 0) return;
    try {
      const results = await this.db.tx((q) => ingestMany(q, items));
      items.forEach((it, i) => it.resolve(results[i] ?? null));
      return;
    } catch (error) {
      if (items.length === 1) return void items[0]?.reject(error);
    }
    for (const it of items) {
      try {
        const [result] = await this.db.tx((q) => ingestMany(q, [it]));
        it.resolve(result ?? null);
      } catch (error) {
        it.reject(error);
      }
    }
  }
}
