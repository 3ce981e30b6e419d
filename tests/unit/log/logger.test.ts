import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LOG_FILES, openEventLog } from '../../../main/agent/log/logger.js';
import { removeTree, tempDir } from '../../support/tree.js';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('one redacted JSON line per event, appended to logs/tabula.log (0600)', async () => {
  const state = tempDir('tabula-speed2-log-');
  try {
    const log = openEventLog(state);
    log.info('wipe.done', { items: 3, home: '/home/patron/Downloads' });
    log.warn('config.invalid', { problems: 1 });
    log.error('/home/patron', {});
    await log.close();
    log.info('after.close', {}); // dropped, no throw
    const again = openEventLog(state); // a second writer appends
    again.info('again', {});
    await again.close();
    const file = path.join(state, 'logs', 'tabula.log');
    const got = lines(file);
    assert.deepEqual(
      got.map((l) => [l.level, l.message]),
      [
        ['info', 'wipe.done'],
        ['warn', 'config.invalid'],
        ['error', '[redacted]'],
        ['info', 'again'],
      ],
    );
    assert.equal(got[0]!.items, 3);
    assert.equal(got[0]!.home, '[redacted]');
    assert.match(String(got[0]!.timestamp), /^\d{4}-\d\d-\d\dT/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
  } finally {
    removeTree(state);
  }
});

test('past the size limit the log rotates, keeping LOG_FILES files', async () => {
  const state = tempDir('tabula-speed2-log-');
  try {
    const log = openEventLog(state, { maxBytes: 400 });
    for (let i = 0; i < 100; i++) log.info('tick', { i });
    await log.close();
    const dir = path.join(state, 'logs');
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, ['tabula.log', ...Array.from({ length: LOG_FILES - 1 }, (_, k) => `tabula.log.${k + 1}`)]);
    for (const f of files) assert.ok(statSync(path.join(dir, f)).size <= 400, `${f} over the limit`);
    // The newest events are in tabula.log, older ones in .1, .2 …; the oldest were dropped.
    const newest = lines(path.join(dir, 'tabula.log')).map((l) => l.i as number);
    const older = lines(path.join(dir, 'tabula.log.1')).map((l) => l.i as number);
    assert.equal(newest.at(-1), 99);
    assert.ok(Math.max(...older) < Math.min(...newest));
    assert.ok(!lines(path.join(dir, `tabula.log.${LOG_FILES - 1}`)).some((l) => l.i === 0), 'the oldest lines are dropped');
  } finally {
    removeTree(state);
  }
});

test('a rotation that fails loses no line and never writes through a closed descriptor', async () => {
  const state = tempDir('tabula-log-rotate-fail-');
  try {
    const log = openEventLog(state, { maxBytes: 200 });
    const dir = path.join(state, 'logs');
    mkdirSync(path.join(dir, 'tabula.log.1')); // a folder in the way: moved up, then it cannot be removed
    writeFileSync(path.join(dir, 'tabula.log.1', 'x'), 'x');
    for (let i = 0; i < 12; i++) log.info('rotate.attempt', { n: i });
    await log.close();
    const logged = readdirSync(dir)
      .map((name) => path.join(dir, name))
      .filter((p) => statSync(p).isFile())
      .flatMap((p) => lines(p).map((l) => l.n as number));
    assert.deepEqual(
      logged.sort((x, y) => x - y),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    );
  } finally {
    removeTree(state);
  }
});
