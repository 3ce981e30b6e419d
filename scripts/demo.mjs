#!/usr/bin/env node
// A safe first run: makes a sandbox patron home under ./.tabula-demo (never your own home),
// fills it with a real browser profile when Chromium is installed (plus downloads, desktop
// files, trash and temp files), then previews, wipes and verifies it with the real agent CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve('.tabula-demo');
const home = path.join(root, 'home', 'patron');
const temp = path.join(root, 'tmp');
const state = path.join(root, 'state');
const cli = path.resolve('dist/main/cli.js');

rmSync(root, { recursive: true, force: true });
for (const dir of [home, temp, state]) mkdirSync(dir, { recursive: true });

const files = {
  '.bashrc': '# part of the home skeleton: kept\n',
  'Downloads/bank-statement.pdf': 'a patron download',
  'Desktop/cv-draft.txt': 'a patron file on the desktop',
  'Documents/letter.odt': 'a patron document',
  '.local/share/Trash/files/old.txt': 'trashed',
  '.local/share/Trash/info/old.txt.trashinfo': '[Trash Info]\nPath=/old.txt\n',
  '.local/share/recently-used.xbel': '<?xml version="1.0"?><xbel version="1.0"></xbel>\n',
  '.cache/thumbnails/normal/0123.png': 'thumbnail',
};
for (const [rel, content] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
  writeFileSync(path.join(home, rel), content);
}
writeFileSync(path.join(temp, 'patron-upload.tmp'), 'temp file');

const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
if (browser) {
  const server = http.createServer((_req, res) => {
    res.setHeader('Set-Cookie', 'demo=patron; Max-Age=86400');
    res.setHeader('Content-Type', 'text/html');
    res.end('<title>A page a patron read</title><script>localStorage.setItem("k","v")</script><p>hello</p>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(home, '.config', 'chromium')}`,
    '--virtual-time-budget=2000', '--dump-dom', url];
  const child = spawnSync(browser, args, {
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') },
    timeout: 60_000, encoding: 'utf8', input: '',
  });
  server.close();
  console.log(child.status === 0 ? `Made a real Chromium profile in the sandbox home (${browser}).` : 'Chromium did not run; continuing with files only.');
} else {
  console.log('Chromium is not installed: the sandbox home gets files only (apt-get install chromium for a real profile).');
}

const run = (...args) => execFileSync('node', [cli, ...args, '--home', home, '--temp', temp, '--state', state], { encoding: 'utf8' });
console.log(`\nSandbox: ${root}\n\n$ tabula plan ...`);
console.log(run('plan'));
console.log('$ tabula wipe ...');
console.log(run('wipe'));
console.log('$ tabula verify ...');
console.log(run('verify'));
console.log('The home skeleton (.bashrc) is still there:', existsSync(path.join(home, '.bashrc')));
