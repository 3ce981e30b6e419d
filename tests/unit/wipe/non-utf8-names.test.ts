/**
 * Issue 9, case 10: names that are not UTF-8 (what `unzip` of an ordinary Windows zip makes) are
 * wiped like any other — a download, a folder holding more such names, a Desktop file, a shared
 * temp entry — and a verify finds nothing; the summary never carries a name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor, wipeFor } from '../../support/wipe-run.js';

const bytes = (s: string) => Buffer.from(s, 'latin1'); // one byte per char: \xe9 stays the byte 0xE9
const join = (dir: string, name: Buffer) => Buffer.concat([Buffer.from(dir + '/'), name]);

test('case 10: names that are not UTF-8 are wiped, in the home and in a shared temp folder; verify finds nothing', async () => {
  const base = tempDir();
  try {
    layout(base, { 'home/.bashrc': 'skeleton', 'home/Downloads/plain.pdf': 'x', 'home/Desktop/': '', 'tmp/': '' });
    const home = path.join(base, 'home');
    const temp = path.join(base, 'tmp');
    writeFileSync(join(path.join(home, 'Downloads'), bytes('pasaporte_Jos\xe9.pdf')), 'passport');
    const folder = join(path.join(home, 'Downloads'), bytes('extra\xefdo'));
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, bytes('/n\xf3mina.xls')]), 'payslip');
    mkdirSync(Buffer.concat([folder, bytes('/sub\xe1')]));
    writeFileSync(Buffer.concat([folder, bytes('/sub\xe1/x\xff')]), 'deep');
    writeFileSync(join(path.join(home, 'Desktop'), bytes('carta_Mar\xeda.doc')), 'letter');
    writeFileSync(join(temp, bytes('unzip\xe9tmp')), 'temp');
    const uid = process.getuid?.() ?? 0;
    const selection = selectionFor(base, { categories: ['downloads', 'desktop', 'temp'] });
    selection.targets = [{ home, tempRoots: [temp], uid }];

    const preview = await wipeFor(selection, CATALOG, { dryRun: true });
    assert.equal(preview.categories.downloads?.items, 6, 'the preview counts them too');
    const summary = await wipeFor(selection, CATALOG);
    assert.deepEqual(readdirSync(path.join(home, 'Downloads')), [], 'every download is gone');
    assert.deepEqual(readdirSync(path.join(home, 'Desktop')), [], 'the Desktop file is gone');
    assert.deepEqual(readdirSync(temp), [], 'the temp entry is gone');
    assert.equal(summary.outcome, 'clean', JSON.stringify(summary.failures));
    assert.equal(summary.categories.downloads?.items, 6, 'plain.pdf, the passport, the folder, its file, its subfolder and its file');
    assert.equal(planFor(selection, CATALOG).items.length, 0, 'verify: nothing is left');
    const text = JSON.stringify(summary);
    for (const marker of ['pasaporte', 'extra', 'mina', 'carta', 'unzip']) assert.ok(!text.includes(marker), 'no name in the summary');
  } finally {
    removeTree(base);
  }
});
