import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedupeSessionEvents } from '../../../../main/agent/session/sources/dedupe.js';
import type { SessionEvent } from '../../../../main/agent/session/types.js';

test('logind and the poller seeing the same session give one start and one end', () => {
  const out: SessionEvent[] = [];
  const emit = dedupeSessionEvents((e) => out.push(e));
  const ev = (kind: 'start' | 'end', source: string): SessionEvent => ({ kind, account: 'p', trigger: 'logout', source });
  emit(ev('start', 'logind'));
  emit(ev('start', 'loginctl-poll'));
  emit(ev('end', 'logind'));
  emit(ev('end', 'loginctl-poll'));
  emit(ev('start', 'loginctl-poll'));
  emit({ kind: 'end', account: 'q', trigger: 'logout', source: 'logind' });
  emit({ kind: 'shutdown', trigger: 'logout', source: 'logind' });
  emit({ kind: 'end', account: 'p', trigger: 'schedule', source: 'schedule' });
  assert.deepEqual(
    out.map((e) => `${e.kind}:${e.account ?? '-'}:${e.source}`),
    ['start:p:logind', 'end:p:logind', 'start:p:loginctl-poll', 'end:q:logind', 'shutdown:-:logind', 'end:p:schedule'],
  );
});
