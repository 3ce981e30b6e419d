/** build/icons: every tray state has its icons on every OS, valid PNGs, made by the committed generator. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { TRAY_LEVELS, trayIcon } from '../../../main/app/tray-state.js';
import { readPng, type Png } from '../../support/png.js';
import { REPO } from './electron-builder-config.test.js';

const run = promisify(execFile);
const TRAY = path.join(REPO, 'build', 'icons', 'tray');
const PLATFORMS = { win32: 16, darwin: 16, linux: 32 } as const;
const at2x = (file: string) => file.replace(/\.png$/, '@2x.png');
const png = (file: string): Png => readPng(readFileSync(file));
const opaque = (p: Png) => {
  let n = 0;
  for (let i = 3; i < p.pixels.length; i += 4) if (p.pixels[i]! > 128) n++;
  return n;
};

test('every tray state has its icon, and its @2x, on every OS: valid PNGs of the right size', () => {
  for (const level of TRAY_LEVELS) {
    for (const [platform, size] of Object.entries(PLATFORMS)) {
      const icon = trayIcon(level, platform);
      assert.equal(icon.template, platform === 'darwin');
      if (icon.template) assert.match(icon.file, /Template\.png$/, 'Electron treats only *Template.png as a template image');
      for (const [file, px] of [
        [icon.file, size],
        [at2x(icon.file), size * 2],
      ] as const) {
        const full = path.join(TRAY, file);
        assert.ok(existsSync(full), `${file} is missing: run node scripts/make-icons.mjs`);
        const p = png(full);
        assert.deepEqual([p.width, p.height], [px, px], file);
        assert.ok(opaque(p) > px * px * 0.2, `${file} is not empty`);
        if (icon.template) {
          for (let i = 0; i < p.pixels.length; i += 4)
            assert.deepEqual([...p.pixels.subarray(i, i + 3)], [0, 0, 0], `${file}: a template is black + alpha`);
        }
      }
    }
  }
});

/** What the eye sees without colour: the template's alpha; a colour icon's white glyph over its opaque part. */
function shapeOf(p: Png, template: boolean): string {
  let bits = '';
  for (let i = 0; i < p.pixels.length; i += 4) {
    const [r, g, b, a] = p.pixels.subarray(i, i + 4);
    bits += template ? (a! > 128 ? '1' : '0') : a! <= 128 ? '0' : Math.min(r!, g!, b!) > 200 ? '2' : '1';
  }
  return bits;
}

test('each state looks different (shape, not only colour) at every size', () => {
  for (const suffix of ['Template.png', 'Template@2x.png', '.png', '@2x.png', '-32.png', '-32@2x.png']) {
    const seen = new Map<string, string>();
    for (const level of TRAY_LEVELS) {
      const shape = shapeOf(png(path.join(TRAY, `tray-${level}${suffix}`)), suffix.startsWith('Template'));
      assert.ok(!seen.has(shape), `tray-${level}${suffix} has the same shape as ${seen.get(shape)}`);
      seen.set(shape, level);
    }
  }
});

test('the reader refuses a damaged PNG (bad CRC, bad signature)', () => {
  const good = readFileSync(path.join(TRAY, 'tray-ok.png'));
  const bad = Buffer.from(good);
  bad[40] = bad[40]! ^ 0xff;
  assert.throws(() => readPng(bad), /bad CRC|IDAT|filter/);
  assert.throws(() => readPng(Buffer.concat([Buffer.from('GIF89a'), good])), /signature/);
});

test('the generator is deterministic and the committed icons are what it draws', async () => {
  const dirs = [mkdtempSync(path.join(tmpdir(), 'tabula-icons-')), mkdtempSync(path.join(tmpdir(), 'tabula-icons-'))];
  try {
    for (const dir of dirs) await run(process.execPath, [path.join(REPO, 'scripts', 'make-icons.mjs'), dir]);
    const files = ['icon.png', ...readdirSync(path.join(dirs[0]!, 'tray')).map((f) => `tray/${f}`)].sort();
    const committed = ['icon.png', ...readdirSync(TRAY).map((f) => `tray/${f}`)].sort();
    assert.deepEqual(committed, files, 'build/icons holds exactly what the generator writes');
    for (const f of files) {
      const [a, b] = dirs.map((d) => readFileSync(path.join(d, f)));
      assert.ok(a!.equals(b!), `${f}: two runs differ`);
      // Pixels, not bytes: another Node's zlib may compress the same pixels differently.
      const mine = png(path.join(REPO, 'build', 'icons', f));
      const fresh = readPng(a!);
      assert.ok(mine.width === fresh.width && mine.pixels.equals(fresh.pixels), `${f} is stale: run node scripts/make-icons.mjs`);
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('electron-builder: every icon it names exists (≥ 512 px square for icns / ico) and the tray icons are packaged', () => {
  const config = JSON.parse(readFileSync(path.join(REPO, 'build', 'electron-builder.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  for (const target of ['win', 'mac', 'linux']) {
    const icon = config[target]!.icon as string;
    assert.ok(icon, `${target}.icon is set`);
    const p = png(path.join(REPO, icon));
    assert.ok(p.width === p.height && p.width >= 512, `${icon}: ${p.width}×${p.height}`);
  }
  const files = config.files as unknown as string[];
  assert.ok(files.includes('build/icons/tray/*.png'), 'the tray icons are in the app');
  assert.ok(readdirSync(TRAY).every((f) => f.endsWith('.png')));
});
