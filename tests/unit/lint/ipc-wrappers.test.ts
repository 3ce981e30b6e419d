/** The lint rule: raw ipcMain / ipcRenderer only in their one wrapper each; the app never imports the agent. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

async function messages(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO });
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('ipcMain / ipcRenderer are banned outside their wrappers', async () => {
  assert.equal((await messages('main/app/tray-x.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n")).length, 1);
  assert.equal((await messages('main/app/tray-x.ts', "import electron from 'electron';\nexport const x = electron;\n")).length, 1);
  assert.equal((await messages('main/preload/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).length, 1);
  assert.deepEqual(await messages('main/app/ipc-main-wrapper.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"), []);
  assert.deepEqual(
    await messages('main/preload/ipc-renderer-wrapper.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"),
    [],
  );
  assert.deepEqual(await messages('main/app/tray-x.ts', "import { Tray } from 'electron';\nexport const x = Tray;\n"), []);
});

test('the app still may not import the agent', async () => {
  assert.equal((await messages('main/app/x.ts', "import { wipe } from '../agent/wipe/wipe.js';\nexport const x = wipe;\n")).length, 1);
  assert.equal(
    (await messages('main/app/ipc-main-wrapper.ts', "import { wipe } from '../agent/wipe/wipe.js';\nexport const x = wipe;\n")).length,
    1,
  );
});
