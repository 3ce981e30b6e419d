/**
 * Pacing for long synchronous stretches (planning, moving), so the agent's event loop keeps
 * answering its local channel during a big wipe.
 *
 * The planner is written as generators that `yield` between items (never in the middle of a
 * check-then-act step). `runSync` drives one to completion at once (CLI, tests); `runPaced`
 * drives it and gives the event loop a turn (setImmediate) once a slice of `sliceMs` of work
 * has passed. Loops in async code use a `Pacer` directly.
 */

/** A computation that yields (nothing) at points where it may be paused, and returns T. */
export type Steps<T> = Generator<void, T, void>;

/** Work between two event-loop turns; short enough for status answers, long enough to cost little. */
export const SLICE_MS = 10;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Pacer {
  private sliceStart = performance.now();
  /** Event-loop turns given so far. */
  pauses = 0;

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Whether the current slice is used up (one clock read: tens of ns, next to an lstat's microseconds). */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** Gives the event loop a turn and starts a new slice. */
  async pause(): Promise<void> {
    this.pauses++;
    await turn();
    this.sliceStart = performance.now();
  }

  /** `pause()` when the slice is used up. */
  async maybePause(): Promise<void> {
    if (this.due()) await this.pause();
  }
}

export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** A `pause()` that throws abandons the computation: its `finally` blocks run (the generator is returned). */
export async function runPaced<T>(steps: Steps<T>, pacer = new Pacer()): Promise<T> {
  try {
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      if (pacer.due()) await pacer.pause();
    }
  } finally {
    steps.return(undefined as T); // a no-op once the steps are done
  }
}
