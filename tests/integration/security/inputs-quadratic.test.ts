/**
 * Issue 9 case 9: 12,000 `Path=` lines in profiles.ini plus 12,000 empty folders made planning
 * quadratic (every folder compared with every listed profile): the wipe had not started after
 * 120 s. Now profiles.ini is parsed in linear time, at most MAX_INI_PROFILES profiles are taken
 * from one file (the excess is a counted E_BAD_FILE), and the planner finishes. Asserts counts,
 * never a time; the ratio against a small baseline is printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { firefox } from '../../../main/agent/catalog/browsers/firefox.js';
import { MAX_INI_PROFILES } from '../../../main/agent/wipe/plan/profiles-ini.js';
import type { Plan } from '../../../main/agent/wipe/types.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor } from '../../support/wipe-run.js';

/** A Firefox root whose profiles.ini lists `n` profiles p0..p{n-1}, each an empty folder; p0 holds cookies. */
function hostileFirefox(base: string, n: number): void {
  const root = path.join(base, 'home', '.mozilla', 'firefox');
  mkdirSync(root, { recursive: true });
  const lines = ['[General]', 'StartWithLastProfile=1', ''];
  for (let i = 0; i < n; i++) {
    lines.push(`[Profile${i}]`, `Name=p${i}`, 'IsRelative=1', `Path=p${i}`, '');
    mkdirSync(path.join(root, `p${i}`));
  }
  writeFileSync(path.join(root, 'profiles.ini'), lines.join('\n'));
  layout(root, { 'p0/cookies.sqlite': 'patron cookies' });
}

function timed(n: number): { plan: Plan; ms: number } {
  const base = tempDir('tabula-quadratic-');
  try {
    hostileFirefox(base, n);
    const started = performance.now();
    const plan = planFor(selectionFor(base), [firefox]);
    return { plan, ms: performance.now() - started };
  } finally {
    removeTree(base);
  }
}

test(
  '12,000 Path= lines and 12,000 empty folders: the planner finishes, takes a bounded number of profiles and counts the excess',
  { timeout: 300_000 },
  () => {
    const n = 12_000;
    const small = timed(20);
    const { plan, ms } = timed(n);
    const rel = (p: string) => p.split(`${path.sep}.mozilla${path.sep}firefox${path.sep}`)[1] ?? p;
    const items = plan.items.map((i) => ({ rel: rel(i.path), category: i.category }));
    assert.ok(
      items.some((i) => i.rel === 'p0/cookies.sqlite' && i.category === 'cookies'),
      'the first listed profile is planned by the profile rules',
    );
    const bad = plan.problems.filter((p) => p.code === 'E_BAD_FILE');
    assert.equal(bad.length, 1, 'one counted failure for the profiles beyond the limit');
    // Profiles beyond the limit are not profiles: each is a residual folder, removed whole.
    const residual = items.filter((i) => i.category === 'site-data' && /^p\d+$/.test(i.rel));
    assert.equal(residual.length, n - MAX_INI_PROFILES);
    assert.ok(!residual.some((i) => Number(i.rel.slice(1)) < MAX_INI_PROFILES), 'the profiles within the limit are walked as profiles');
    // A small file is not a failure.
    assert.equal(small.plan.problems.filter((p) => p.code === 'E_BAD_FILE').length, 0);
    process.stderr.write(
      `# planning ${n} listed profiles: ${Math.round(ms)} ms; 20 listed: ${Math.round(small.ms)} ms; ratio ${(ms / Math.max(small.ms, 1)).toFixed(1)}x for ${n / 20}x the input\n`,
    );
  },
);
