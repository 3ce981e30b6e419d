#!/usr/bin/env node
// A safe first run: makes a sandbox patron home under ./.tabula-demo (never your own home),
// fills it with a real browser profile when Chromium is installed (plus downloads, desktop
// files, trash and temp files), then previews, wipes and verifies it with the real agent CLI.
// Every command is printed with its real arguments, so it can be copied and run again.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { clearInterval, setInterval } from 'node:timers';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve('.tabula-demo');
const home = path.join(root, 'home', 'patron');
const temp = path.join(root, 'tmp');
const state = path.join(root, 'state');
const cli = path.relative(process.cwd(), path.resolve('dist/main/cli.js'));
const COOKIE = 'tabula_demo_cookie';
const STORAGE_KEY = 'tabula_demo_storage';

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
console.log(`Sandbox patron home: ${path.relative(process.cwd(), home)} (downloads, desktop, documents, trash, temp)`);

/** True when `dir` (a file, or some file below a folder) holds `needle` (the profile's SQLite and leveldb files keep names in clear). */
function holds(dir, needle) {
  const want = Buffer.from(needle);
  const check = (p) => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) return readdirSync(p).some((name) => check(path.join(p, name)));
    return Boolean(st?.isFile()) && readFileSync(p).includes(want);
  };
  return check(dir);
}

/** Visits a page in a real headless Chromium with its own HOME (the sandbox), leaving a cookie and Web Storage. */
async function makeBrowserProfile(browser) {
  let playwright;
  try {
    playwright = await import('playwright-core');
  } catch {
    console.log('playwright-core is not installed (run npm ci): the sandbox home gets files only.');
    return;
  }
  const server = http.createServer((_req, res) => {
    res.setHeader('Set-Cookie', `${COOKIE}=patron; Max-Age=86400`);
    res.setHeader('Content-Type', 'text/html');
    res.end(`<title>A page a patron read</title><script>localStorage.setItem("${STORAGE_KEY}", "v")</script><p>hello</p>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const userDataDir = path.join(home, '.config', 'chromium');
  console.log(`Starting Chromium (${browser}, headless) on the sandbox profile; this takes a few seconds ...`);
  const progress = setInterval(() => process.stdout.write('.'), 1000);
  try {
    const context = await playwright.chromium.launchPersistentContext(userDataDir, {
      executablePath: browser,
      headless: true,
      timeout: 60_000,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        TMPDIR: temp,
      },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(1500); // Local Storage and the cookie store write lazily
    await context.close(); // graceful: flushes Cookies and leveldb
  } catch (error) {
    console.log(`\nChromium did not run (${error instanceof Error ? error.message.split('\n')[0] : error}); continuing with files only.`);
  } finally {
    clearInterval(progress);
    server.close();
  }
  const profile = path.join(userDataDir, 'Default');
  const cookie = holds(path.join(profile, 'Cookies'), COOKIE) || holds(path.join(profile, 'Network'), COOKIE);
  const storage = holds(path.join(profile, 'Local Storage'), STORAGE_KEY);
  console.log(`\nThe Chromium profile holds the demo's cookie: ${cookie ? 'yes' : 'NO'}; its Web Storage: ${storage ? 'yes' : 'NO'}.`);
  if (!cookie || !storage) console.log('(The profile is only partly filled; the wipe below still runs on what is there.)');
}

const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
if (browser) await makeBrowserProfile(browser);
else console.log('Chromium is not installed: the sandbox home gets files only (apt-get install chromium for a real profile).');

const rel = (p) => path.relative(process.cwd(), p);
const run = (command, ...extra) => {
  const args = [cli, command, '--home', rel(home), '--temp', rel(temp), '--state', rel(state), ...extra];
  console.log(`\n$ node ${args.join(' ')}`);
  try {
    console.log(execFileSync(process.execPath, args, { encoding: 'utf8' }).trimEnd());
  } catch (error) {
    console.log(String(error.stdout ?? '').trimEnd());
    console.log(`(exit code ${error.status})`);
  }
};
run('plan');
run('wipe');
run('verify');
console.log(`\nThe home skeleton (.bashrc) is still there: ${existsSync(path.join(home, '.bashrc')) ? 'yes' : 'NO'}`);
console.log(
  `Left in the Chromium profile: cookie ${holds(path.join(home, '.config', 'chromium'), COOKIE) ? 'YES' : 'no'}, Web Storage ${holds(path.join(home, '.config', 'chromium'), STORAGE_KEY) ? 'YES' : 'no'}.`,
);
console.log(`
Next steps:
  - The same on a real account:   sudo node ${cli} plan --account NAME   (then wipe, verify)
  - The agent and its staff window: README, "The other parts" (tabula agent; npm run build:app)
  - The dashboard:                node dist/dashboard/cli.js serve --db sqlite:./.tabula-demo/dash.db --port 8080
                                  (add a user first: echo PASSWORD | node dist/dashboard/cli.js user add admin --role admin --password-stdin --db sqlite:./.tabula-demo/dash.db)
  - Remove the sandbox:           rm -rf ${rel(root)}`);
