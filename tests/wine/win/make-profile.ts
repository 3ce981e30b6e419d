/**
 * Run by Windows' Node under Wine: writes a Windows-shaped patron profile into the home given as
 * argv[2] (C:\users\...), with the marker argv[3] in names and contents, and writes the manifest
 * (argv[4]) as JSON: `planted` (paths relative to the home that must be gone after a wipe) and
 * `kept` (paths that must stay). Only node: modules: this runs on the win32 runtime.
 *
 *   Chrome and Edge `User Data` with `Default` and `Profile 1`; Firefox profiles.ini + a profile
 *   (Roaming) and its cache (Local); Downloads, Desktop, Documents (desktop.ini kept; a real `My Music`
 *   folder wiped); Recent with jump lists; %LOCALAPPDATA%\Temp; a Documents path beyond 260
 *   characters; non-ASCII names.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [, , home = '', marker = 'MARKER', manifestFile = '', cacheArg = '20'] = process.argv;
/** Cache entries per Chrome/Edge profile (argv[5]; the benchmark asks for a typical session's). */
const cacheFiles = Math.max(1, Number(cacheArg) || 20);
if (process.platform !== 'win32' || !/^[A-Za-z]:\\/.test(home)) throw new Error('make-profile runs on win32 with a C:\\ home');

const planted: string[] = [];
const kept: string[] = [];
const put = (rel: string, content: string | Buffer, keep = false): void => {
  const p = path.win32.join(home, rel);
  mkdirSync(path.win32.dirname(p), { recursive: true });
  writeFileSync(p, content);
  (keep ? kept : planted).push(rel);
};
const text = (what: string): string => `${what} ${marker} https://${marker.toLowerCase()}.example/${what}\n`;
const blob = (n: number): Buffer => Buffer.alloc(n, marker);

for (const [vendor, browser] of [
  ['Google', 'Chrome'],
  ['Microsoft', 'Edge'],
] as const) {
  const userData = `AppData\\Local\\${vendor}\\${browser}\\User Data`;
  put(`${userData}\\Local State`, JSON.stringify({ profile: { last_used: 'Profile 1', info_cache: { marker } } }));
  for (const profile of ['Default', 'Profile 1']) {
    const p = `${userData}\\${profile}`;
    put(`${p}\\History`, text('history'));
    put(`${p}\\Visited Links`, text('visited'));
    put(`${p}\\Network\\Cookies`, text('cookies'));
    put(`${p}\\Login Data`, text('passwords'));
    put(`${p}\\Web Data`, text('form'));
    put(`${p}\\Sessions\\Session_13350000000000000`, text('session'));
    put(`${p}\\Local Storage\\leveldb\\000003.log`, text('localstorage'));
    put(`${p}\\IndexedDB\\https_${marker.toLowerCase()}.example_0.indexeddb.leveldb\\000003.log`, text('idb'));
    for (let i = 0; i < cacheFiles; i++) put(`${p}\\Cache\\Cache_Data\\f_${String(i).padStart(6, '0')}`, blob(i % 10 === 0 ? 65536 : 4096));
    put(`${p}\\Code Cache\\js\\index`, blob(512));
  }
}

const ff = 'AppData\\Roaming\\Mozilla\\Firefox';
const ffProfile = 'Profiles\\x7k2q9ab.default-release';
put(
  `${ff}\\profiles.ini`,
  `[Profile0]\r\nName=default-release\r\nIsRelative=1\r\nPath=Profiles/x7k2q9ab.default-release\r\nDefault=1\r\n\r\n[General]\r\nStartWithLastProfile=1\r\nVersion=2\r\n`,
  true,
);
for (const f of ['places.sqlite', 'cookies.sqlite', 'formhistory.sqlite', 'logins.json', 'key4.db', 'sessionstore.jsonlz4']) {
  put(`${ff}\\${ffProfile}\\${f}`, text(f));
}
put(`${ff}\\${ffProfile}\\storage\\default\\https+++${marker.toLowerCase()}.example\\ls\\data.sqlite`, text('ls'));
for (let i = 0; i < 10; i++)
  put(`AppData\\Local\\Mozilla\\Firefox\\${ffProfile}\\cache2\\entries\\${String(i).padStart(40, 'A')}`, blob(2048));

put(`Downloads\\${marker} statement.pdf`, text('download'));
put(`Downloads\\Überweisung ${marker} – 東京.docx`, text('download-unicode'));
put('Desktop\\desktop.ini', '[.ShellClassInfo]\r\n', true);
put(`Desktop\\${marker}.txt`, text('desktop'));
put('Documents\\desktop.ini', '[.ShellClassInfo]\r\n', true);
// On Windows `My Music` is a junction the OS makes (kept); a real folder by that name is the
// patron's (wiped). Wine cannot make junctions, so only the folder is here.
put(`Documents\\My Music\\song ${marker}.mp3`, text('music'));
put(`Documents\\CV ${marker}.docx`, text('documents'));

// A path beyond MAX_PATH (260): Node adds the \\?\ prefix itself.
let deep = 'Documents';
while (deep.length < 300) deep += `\\nested folder ${marker}`;
put(`${deep}\\${marker} deep.txt`, text('deep'));

const recent = 'AppData\\Roaming\\Microsoft\\Windows\\Recent';
put(`${recent}\\desktop.ini`, '[.ShellClassInfo]\r\n', true);
put(`${recent}\\${marker} statement.pdf.lnk`, text('lnk'));
put(`${recent}\\AutomaticDestinations\\5f7b5f1e01b83767.automaticDestinations-ms`, text('jumplist'));
put(`${recent}\\CustomDestinations\\5f7b5f1e01b83767.customDestinations-ms`, text('jumplist-custom'));
put(`AppData\\Local\\Temp\\${marker}.tmp`, text('temp'));
put(`AppData\\Local\\Temp\\chrome_${marker}\\unpacked.bin`, blob(1024));

writeFileSync(manifestFile, JSON.stringify({ planted, kept, deepLength: path.win32.join(home, deep).length }));
