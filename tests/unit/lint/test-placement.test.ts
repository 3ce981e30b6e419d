/**
 * Unit tests live under the folder they test: a test whose agent imports all point to one folder of
 * main/agent/ (say wipe/plan/) lives in tests/unit/wipe/plan/. Tests that import several folders, or
 * anything outside main/agent/ (the app, the dashboard, the renderer), may live where they are.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const UNIT = path.join(REPO, 'tests', 'unit');
const AGENT = path.join(REPO, 'main', 'agent');
/** Folders of tests that test files other than sources (unit files, scripts, lint rules, package.json). */
const NOT_SOURCE_TESTS = ['build', 'build-app', 'deps', 'lint', 'scripts'];
/** Floors a test may use as tools without being about them: the error type, the catalogue as data. */
const TOOLS = ['base', 'catalog'];

/** Relative specifiers a file imports for their values (static, dynamic, re-export); `import type` is skipped. */
export function valueImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"](\.[^'"]+)['"]/gm)) if (!m[2]) out.push(m[3]!);
  for (const m of text.matchAll(/\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"](\.[^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}

/** Source file (.ts) an import of `from` (a .ts path) names. */
function target(from: string, spec: string): string {
  return path.resolve(path.dirname(from), spec).replace(/\.js$/, '.ts');
}

/**
 * The agent folders (relative to main/agent/, catalogue subfolders as `catalog`) a test's imports
 * reach, counting what its helpers under tests/ import; `other` for any source outside main/agent/
 * except protocol/.
 */
export function foldersOf(file: string, read: (p: string) => string): Set<string> {
  const folders = new Set<string>();
  const visit = (from: string, depth: number): void => {
    for (const spec of valueImports(read(from))) {
      const t = target(from, spec);
      const rel = path.relative(REPO, t);
      if (rel.startsWith(`tests${path.sep}`)) {
        if (depth === 0) visit(t, 1);
      } else if (t.startsWith(AGENT + path.sep)) {
        const folder = path.relative(AGENT, path.dirname(t)).split(path.sep).join('/');
        folders.add(folder.startsWith('catalog') ? 'catalog' : folder === '' ? '.' : folder);
      } else if (!rel.startsWith(`protocol${path.sep}`)) folders.add('other');
    }
  };
  visit(file, 0);
  return folders;
}

/** Where a test must live (relative to tests/unit/), or null when its imports do not point to one folder. */
export function expectedFolder(folders: Set<string>): string | null {
  if (folders.has('other') || folders.has('.')) return null;
  const main = [...folders].filter((f) => !TOOLS.includes(f));
  const subjects = main.length > 0 ? main : [...folders];
  return subjects.length === 1 ? subjects[0]! : null;
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const readTs = (p: string): string => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
};

test('the placement rule: one folder names the place, several folders or the app leave it open', () => {
  const files: Record<string, string> = {
    [path.join(UNIT, 'x', 'a.test.ts')]: [
      "import { plan } from '../../../main/agent/wipe/plan/planner.js';",
      "import { CATALOG } from '../../../main/agent/catalog/index.js';",
      "import type { CommandRunner } from '../../../main/agent/base/run-command.js';",
      "import type { Journal } from '../../../main/agent/session/journal.js';",
      "import { tempDir } from '../../support/tree.js';",
    ].join('\n'),
    [path.join(REPO, 'tests', 'support', 'tree.ts')]: "import { x } from '../../protocol/ipc.js';",
    [path.join(UNIT, 'x', 'b.test.ts')]:
      "import {\n  a,\n} from '../../../main/agent/wipe/plan/roots.js';\nconst m = await import('../../../main/agent/wipe/execute/executor.js');",
    [path.join(UNIT, 'x', 'c.test.ts')]:
      "import { r } from '../../../main/agent/ipc/address.js';\nimport { c } from '../../../main/app/agent-client.js';",
    [path.join(UNIT, 'x', 'd.test.ts')]: "import { CATALOG } from '../../../main/agent/catalog/browsers/chromium.js';",
  };
  const read = (p: string): string => files[p] ?? '';
  const where = (name: string): string | null => expectedFolder(foldersOf(path.join(UNIT, 'x', name), read));
  assert.equal(where('a.test.ts'), 'wipe/plan');
  assert.equal(where('b.test.ts'), null);
  assert.equal(where('c.test.ts'), null);
  assert.equal(where('d.test.ts'), 'catalog');
});

test('every unit test whose agent imports point to one folder lives under that folder', () => {
  const all = testFiles(UNIT).filter((f) => !NOT_SOURCE_TESTS.includes(path.relative(UNIT, f).split(path.sep)[0]!));
  const misplaced: string[] = [];
  let placed = 0;
  for (const file of all) {
    const want = expectedFolder(foldersOf(file, readTs));
    if (want === null) continue;
    const at = path.relative(UNIT, path.dirname(file)).split(path.sep).join('/');
    if (at === want) placed++;
    else misplaced.push(`${path.relative(REPO, file)} tests main/agent/${want}/: move it to tests/unit/${want}/`);
  }
  assert.ok(all.length > 50, `found ${all.length} unit test files in ${UNIT}`);
  assert.ok(placed > 30, `only ${placed} tests point to one folder: the import scan is broken`);
  assert.deepEqual(misplaced, []);
});
