/** The wipe job's pieces on real temp folders: scope per target, areas folded into the summary, the report's noBaseline, the partial text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { whatRemains } from '../../../main/agent/cli/output.js';
import { runAreas, type JobArea } from '../../../main/agent/job/areas.js';
import { earlierPlanFor, hasBaseline, scopeOf, targetMode } from '../../../main/agent/job/scope.js';
import { silentLog } from '../../../main/agent/log/logger.js';
import { buildReport, mergeReports } from '../../../main/agent/report/builder.js';
import { captureBaseline } from '../../../main/agent/wipe/baseline.js';
import type { Plan, Selection } from '../../../main/agent/wipe/types.js';
import type { WipeSummary } from '../../../protocol/wipe-summary.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';

const summary = (over: Partial<WipeSummary> = {}): WipeSummary => ({
  mode: 'clean',
  dryRun: false,
  outcome: 'clean',
  categories: { history: { items: 2, bytes: 10 } },
  failures: [],
  safeMs: 5,
  doneMs: 9,
  browsersClosed: 0,
  remaining: 0,
  ...over,
});

test('scope: auto resets only the targets with a baseline, and not while the session is open; clean and reset are forced', () => {
  const base = tempDir('tabula-scope-');
  try {
    layout(base, { 'a/.bashrc': 'a', 'b/.bashrc': 'b' });
    const state = path.join(base, 'state');
    const [a, b] = [path.join(base, 'a'), path.join(base, 'b')];
    captureBaseline(realpathSync(a), state);
    assert.equal(hasBaseline(state, a), true);
    assert.equal(hasBaseline(state, b), false);
    assert.equal(hasBaseline(state, path.join(base, 'missing')), false);
    const targets = [
      { home: a, tempRoots: [] },
      { home: b, tempRoots: [] },
    ];
    const auto = scopeOf({}, 'linux', targets, state);
    assert.deepEqual(
      auto.selection.targets.map((t) => t.mode),
      ['reset', 'clean'],
    );
    assert.equal(auto.selection.mode, 'clean', 'the summary says clean unless every target is reset');
    assert.equal(auto.withoutBaseline, 1);
    assert.equal(scopeOf({}, 'linux', targets.slice(0, 1), state).selection.mode, 'reset');
    assert.deepEqual(
      scopeOf({}, 'linux', targets, state, { sessionOpen: true }).selection.targets.map((t) => t.mode),
      ['clean', 'clean'],
    );
    assert.deepEqual(
      scopeOf({ mode: 'clean' }, 'linux', targets, state).selection.targets.map((t) => t.mode),
      ['clean', 'clean'],
    );
    assert.deepEqual(
      scopeOf({ mode: 'clean' }, 'linux', targets, state, { mode: 'reset' }).selection.targets.map((t) => t.mode),
      ['reset', 'reset'],
    );
    assert.deepEqual(
      [targetMode('reset', false, true), targetMode('auto', true, false), targetMode('auto', false, false)],
      ['reset', 'reset', 'clean'],
    );
  } finally {
    removeTree(base);
  }
});

test('an earlier plan applies only to a clean wipe of the same homes, temp folders and categories', () => {
  const selection = (over: Partial<Selection> = {}): Selection => ({
    platform: 'linux',
    mode: 'clean',
    targets: [{ home: '/home/patron', tempRoots: ['/tmp'], mode: 'clean' }],
    stateDir: '/var/lib/tabula',
    ...over,
  });
  const earlier = { selection: selection() } as Plan;
  assert.equal(earlierPlanFor(earlier, selection()), earlier);
  assert.equal(earlierPlanFor(undefined, selection()), undefined);
  assert.equal(
    earlierPlanFor(earlier, selection({ mode: 'reset', targets: [{ home: '/home/patron', tempRoots: ['/tmp'], mode: 'reset' }] })),
    undefined,
  );
  assert.equal(
    earlierPlanFor(earlier, selection({ targets: [{ home: '/home/patron', tempRoots: ['/tmp'], mode: 'reset' }] })),
    undefined,
    'one target reset',
  );
  assert.equal(earlierPlanFor(earlier, selection({ categories: ['history'] })), undefined);
  assert.equal(earlierPlanFor(earlier, selection({ targets: [{ home: '/home/other', tempRoots: ['/tmp'], mode: 'clean' }] })), undefined);
  assert.equal(earlierPlanFor(earlier, selection({ targets: [{ home: '/home/patron', tempRoots: [], mode: 'clean' }] })), undefined);
  assert.equal(earlierPlanFor(earlier, selection({ homeKeep: ['notes'] })), undefined);
});

test('areas: wipe counts join the summary, the check after it decides remaining and scope; a dry run only plans; none changes nothing', async () => {
  const ctx = {
    selection: { platform: 'linux' as const, mode: 'clean' as const, targets: [], stateDir: '/nonexistent' },
    dryRun: false,
    log: silentLog,
  };
  const untouched = summary();
  await runAreas(untouched, ctx, []);
  assert.deepEqual(untouched, summary());
  const actions: string[] = [];
  const area: JobArea = {
    id: 'test-area',
    step: async (_selection, action) => {
      actions.push(action);
      return action === 'verify'
        ? {
            categories: {},
            failures: [{ category: 'print-jobs', code: 'E_REMAINING', count: 1 }],
            remaining: 1,
            scope: { verified: [], unchecked: ['print-jobs'], notApplicable: [] },
          }
        : {
            categories: { history: { items: 1, bytes: 4 }, 'print-jobs': { items: 3, bytes: 6 } },
            failures: [],
            remaining: 0,
            scope: { verified: ['print-jobs'], unchecked: [], notApplicable: [] },
          };
    },
  };
  const s = summary();
  s.scope = { verified: ['home'], unchecked: [], notApplicable: ['owned'] };
  await runAreas(s, ctx, [area]);
  assert.deepEqual(actions, ['wipe', 'verify']);
  assert.deepEqual(s.categories, { history: { items: 3, bytes: 14 }, 'print-jobs': { items: 3, bytes: 6 } });
  assert.deepEqual([s.outcome, s.remaining, s.failures.length], ['partial', 1, 1]);
  assert.deepEqual(s.scope, { verified: ['home'], unchecked: ['print-jobs'], notApplicable: ['owned'] });
  actions.length = 0;
  const dry = summary();
  await runAreas(dry, { ...ctx, dryRun: true }, [area]);
  assert.deepEqual([actions, dry.outcome, dry.remaining, dry.scope?.verified], [['plan'], 'clean', 0, ['print-jobs']]);
});

test('report: noBaseline marks a wipe without a baseline, is absent otherwise, and aggregates sum it', () => {
  const now = Date.UTC(2026, 0, 5, 10, 30);
  const without = buildReport(summary(), 'logout', now, true);
  const withOne = buildReport(summary(), 'logout', now);
  assert.equal(without.noBaseline, 1);
  assert.equal('noBaseline' in withOne, false);
  assert.equal(mergeReports([without, withOne, without]).noBaseline, 2);
  assert.equal('noBaseline' in mergeReports([withOne, withOne]), false);
});

test('a wipe that is not clean says NOT safe and what remains, by category', () => {
  assert.equal(
    whatRemains(
      [
        { category: 'cookies', code: 'E_REMAINING', count: 2 },
        { category: 'history', code: 'E_REMAINING', count: 1 },
      ],
      3,
    ),
    'NOT safe for the next patron: 3 items remain (cookies 2, history 1)',
  );
  assert.equal(
    whatRemains([{ category: 'sessions', code: 'E_BROWSER_RUNNING', count: 1 }], 0),
    'NOT safe for the next patron: failed: sessions 1 × E_BROWSER_RUNNING',
  );
  assert.equal(whatRemains([], 0), 'NOT safe for the next patron: the wipe could not be verified');
});
