import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  nodeScheduler,
  ScheduleConfigError,
  ScheduleSource,
  validateScheduleEntry,
  type Scheduler,
} from '../../../main/agent/session/schedule.js';
import type { SessionEvent } from '../../../main/agent/session/types.js';

function fakeScheduler() {
  const jobs: { cron: string; fire: () => void; cancelled: boolean }[] = [];
  const scheduler: Scheduler = (cron, fire) => {
    const job = { cron, fire, cancelled: false };
    jobs.push(job);
    return { cancel: () => void (job.cancelled = true) };
  };
  return { jobs, scheduler };
}

describe('schedule entries', () => {
  test('valid entries are normalized', () => {
    assert.deepEqual(validateScheduleEntry({ cron: ' 0  21 * * 1-5 ', action: 'end-sessions-and-wipe' }, 0), {
      cron: '0 21 * * 1-5',
      action: 'end-sessions-and-wipe',
    });
    assert.deepEqual(validateScheduleEntry({ cron: '*/30 * * * * *', action: 'wipe' }, 0).cron, '*/30 * * * * *');
  });

  test('invalid entries: a clear error naming the entry index', () => {
    const cases: [unknown, RegExp][] = [
      [{ cron: 'bogus', action: 'wipe' }, /^schedules\[1\]\.cron: "bogus" is not a cron expression \(expected 5 fields/],
      [{ cron: '* * *', action: 'wipe' }, /^schedules\[1\]\.cron: "\* \* \*" is not a cron expression/],
      [{ cron: '', action: 'wipe' }, /^schedules\[1\]\.cron: "" is not a cron expression/],
      [{ cron: '0 21 * * * * *', action: 'wipe' }, /^schedules\[1\]\.cron:/],
      [{ cron: 0, action: 'wipe' }, /^schedules\[1\]\.cron: expected a cron expression string$/],
      [{ cron: '0 21 * * *', action: 'reboot' }, /^schedules\[1\]\.action: expected "wipe" or "end-sessions-and-wipe"$/],
      [null, /^schedules\[1\]: expected an object \{ cron, action \}$/],
    ];
    for (const [entry, message] of cases) {
      assert.throws(
        () => new ScheduleSource({ entries: [{ cron: '0 3 * * *', action: 'wipe' }, entry], accounts: () => [] }),
        (error: Error) => error instanceof ScheduleConfigError && error.index === 1 && message.test(error.message),
        JSON.stringify(entry),
      );
    }
  });

  test('an expression node-schedule rejects (never fires) fails at start, naming the entry, and schedules nothing', async () => {
    const source = new ScheduleSource({
      entries: [
        { cron: '0 3 * * *', action: 'wipe' },
        { cron: '61 * * * *', action: 'wipe' },
      ],
      accounts: () => [],
    });
    await assert.rejects(
      source.start(() => {}),
      /^ScheduleConfigError: schedules\[1\]\.cron: "61 \* \* \* \*" never fires/,
    );
    await source.stop();
  });
});

describe('schedule source', () => {
  test('a fired job ends every patron account (after logging it out for end-sessions-and-wipe)', async () => {
    const { jobs, scheduler } = fakeScheduler();
    const loggedOut: string[] = [];
    const source = new ScheduleSource({
      entries: [
        { cron: '0 21 * * *', action: 'end-sessions-and-wipe' },
        { cron: '0 3 * * *', action: 'wipe' },
      ],
      accounts: () => ['patron1', 'patron2'],
      endSessions: async (account) => {
        loggedOut.push(account);
        if (account === 'patron2') throw new Error('logoff failed');
      },
      scheduler,
    });
    const events: SessionEvent[] = [];
    await source.start((e) => events.push(e));
    assert.deepEqual(
      jobs.map((j) => j.cron),
      ['0 21 * * *', '0 3 * * *'],
    );
    jobs[0]?.fire();
    await source.settled();
    assert.deepEqual(loggedOut, ['patron1', 'patron2']);
    assert.deepEqual(events, [
      { kind: 'end', account: 'patron1', trigger: 'schedule', source: 'schedule' },
      { kind: 'end', account: 'patron2', trigger: 'schedule', source: 'schedule' },
    ]);
    jobs[1]?.fire();
    await source.settled();
    assert.equal(loggedOut.length, 2, 'wipe does not log anyone out');
    assert.equal(events.length, 4);
    await source.stop();
    assert.ok(jobs.every((j) => j.cancelled));
  });

  test('real node-schedule: a every-second job fires', async () => {
    const source = new ScheduleSource({
      entries: [{ cron: '* * * * * *', action: 'wipe' }],
      accounts: () => ['patron'],
      scheduler: nodeScheduler,
    });
    const events: SessionEvent[] = [];
    await source.start((e) => events.push(e));
    const deadline = Date.now() + 3_000;
    while (events.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await source.stop();
    assert.deepEqual(events[0], { kind: 'end', account: 'patron', trigger: 'schedule', source: 'schedule' });
  });
});
