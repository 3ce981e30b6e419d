/** The agent's floors (eslint.config.js) and the cycle check (scripts/check-cycles.mjs) both fire. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..', '..');

async function messages(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO });
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('a folder may import the floors below it, never one above', async () => {
  const up = [
    ['main/agent/report/x.ts', "import { HELP } from '../cli/help.js';"],
    ['main/agent/wipe/x.ts', "import { outsideStep } from '../outside/index.js';"],
    ['main/agent/wipe/plan/x.ts', "import { outsideStep } from '../../outside/index.js';"],
    ['main/agent/base/x.ts', "import { CATALOG } from '../catalog/index.js';"],
    ['main/agent/job/x.ts', "import { startAgent } from '../service/start.js';"],
    ['main/agent/session/x.ts', "import { plan } from '../wipe/plan/planner.js';"],
  ];
  for (const [file, line] of up) {
    const found = await messages(file!, `${line}\nexport const x = 1;\n`);
    assert.equal(found.length, 1, `${file}: ${line}`);
    assert.match(found[0]!, /imports only from the floors below it/);
  }
  const down = [
    ['main/agent/cli/x.ts', "import { runWipeJob } from '../job/wipe-job.js';"],
    ['main/agent/wipe/plan/x.ts', "import { TabulaError } from '../../base/errors.js';"],
    ['main/agent/outside/x.ts', "import type { Selection } from '../wipe/types.js';"],
    ['main/agent/job/x.ts', "import { queueReport } from '../report/queue.js';"],
  ];
  for (const [file, line] of down) assert.deepEqual(await messages(file!, `${line}\nexport const x = 1;\n`), [], `${file}: ${line}`);
});

test('an import cycle fails the check and is named; a tree of imports passes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tabula-cycles-'));
  try {
    mkdirSync(path.join(dir, 'a'));
    writeFileSync(path.join(dir, 'a', 'one.ts'), "import { two } from './two.js';\nexport const one = two;\n");
    writeFileSync(path.join(dir, 'a', 'two.ts'), 'export const two = 2;\n');
    const script = path.join(REPO, 'scripts', 'check-cycles.mjs');
    assert.equal(spawnSync(process.execPath, [script, dir], { encoding: 'utf8' }).status, 0);
    writeFileSync(path.join(dir, 'a', 'two.ts'), "export const two = 2;\nexport const lazy = () => import('./one.js');\n");
    const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /import cycle: .*one\.ts ↔ .*two\.ts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
