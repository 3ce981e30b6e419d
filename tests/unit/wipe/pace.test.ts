/** runPaced: gives turns when a slice is used up; a pause that throws abandons the steps, running their finally blocks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pacer, runPaced, type Steps } from '../../../main/agent/wipe/pace.js';

function* counting(log: string[], n: number): Steps<number> {
  try {
    for (let i = 0; i < n; i++) {
      log.push(`step ${i}`);
      yield;
    }
    return n;
  } finally {
    log.push('finally');
  }
}

/** A pacer whose every slice is used up; its pause throws from the `throwAt`-th pause on. */
class EveryStep extends Pacer {
  constructor(private readonly throwAt = Infinity) {
    super(0);
  }

  override async pause(): Promise<void> {
    await super.pause();
    if (this.pauses >= this.throwAt) throw new Error('stopped');
  }
}

test('runPaced returns the result and gives a turn per used-up slice', async () => {
  const log: string[] = [];
  const pacer = new EveryStep();
  assert.equal(await runPaced(counting(log, 3), pacer), 3);
  assert.equal(pacer.pauses, 3);
  assert.deepEqual(log, ['step 0', 'step 1', 'step 2', 'finally']);
});

test('a pause that throws stops the steps where they are and runs their finally blocks', async () => {
  const log: string[] = [];
  await assert.rejects(runPaced(counting(log, 10), new EveryStep(2)), /stopped/);
  assert.deepEqual(log, ['step 0', 'step 1', 'finally']);
});
