/**
 * The wider clean mode on layouts as each OS writes them: histories, credential stores, app data
 * and the home root's own files are planned with their categories; the known user folders, the
 * hidden entries of the home root, the account template's names and IT's `homeKeep` are left.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { CATALOG } from '../../../main/agent/catalog/index.js';
import { leaveNamesOf } from '../../../main/agent/wipe/plan/home-template.js';
import { layout, removeTree, tempDir } from '../../support/tree.js';
import { planFor, selectionFor } from '../../support/wipe-run.js';

function planned(base: string, platform: 'linux' | 'darwin' | 'win32', homeKeep?: string[]): Map<string, string> {
  const items = planFor(selectionFor(base, { platform, ...(homeKeep ? { homeKeep } : {}) }), CATALOG).items;
  return new Map(items.map((i) => [path.relative(path.join(base, 'home'), i.path).split(path.sep).join('/'), i.category]));
}

test('Linux: histories, keyrings, LibreOffice, GVfs, home-root files; user folders and dot files stay', (t) => {
  const base = tempDir('tabula-wider-');
  t.after(() => removeTree(base));
  layout(base, {
    'home/.bash_history': 'x',
    'home/.python_history': 'x',
    'home/.lesshst': 'x',
    'home/.local/share/fish/fish_history': 'x',
    'home/.local/share/keyrings/login.keyring': 'k',
    'home/.local/share/kwalletd/kdewallet.kwl': 'k',
    'home/.ssh/id_ed25519': 'k',
    'home/.config/libreoffice/4/user/registrymodifications.xcu': 'recent',
    'home/.local/share/gvfs-metadata/home': 'm',
    'home/.config/vlc/vlc-qt-interface.conf': 'recent',
    'home/note.txt': 'patron',
    'home/PDF/resume.pdf': 'cups-pdf output',
    'home/library-kiosk.txt': 'IT',
    'home/Desktop/': '',
    'home/Documents/': '',
    'home/.bashrc': 'skel',
    'home/.config/user-dirs.dirs': 'XDG_DOWNLOAD_DIR="$HOME/Téléchargements"\n',
    'home/Téléchargements/': '',
  });
  const items = planned(base, 'linux', ['library-kiosk.txt']);
  for (const [rel, category] of [
    ['.bash_history', 'histories'],
    ['.python_history', 'histories'],
    ['.lesshst', 'histories'],
    ['.local/share/fish/fish_history', 'histories'],
    ['.local/share/keyrings/login.keyring', 'credentials'],
    ['.local/share/kwalletd/kdewallet.kwl', 'credentials'],
    ['.ssh/id_ed25519', 'credentials'],
    ['.config/libreoffice/4', 'app-data'],
    ['.local/share/gvfs-metadata/home', 'app-data'],
    ['.config/vlc/vlc-qt-interface.conf', 'app-data'],
    ['note.txt', 'documents'],
    ['PDF', 'documents'],
  ]) {
    assert.equal(items.get(rel as string), category, `${rel} as ${category}`);
  }
  for (const rel of ['Desktop', 'Documents', 'Téléchargements', '.bashrc', '.config', 'library-kiosk.txt'])
    assert.ok(!items.has(rel), `${rel} stays`);
});

test('Windows: PSReadLine, Credentials/Vault/Protect/TokenBroker, Office and Notepad, WebView2, LocalLow, home-root files', (t) => {
  const base = tempDir('tabula-wider-');
  t.after(() => removeTree(base));
  layout(base, {
    'home/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/ConsoleHost_history.txt': 'h',
    'home/AppData/Roaming/Microsoft/Credentials/DFBE70A7E5CC19A398EBF1B96859CE5D': 'c',
    'home/AppData/Local/Microsoft/Vault/4BF4C442-9B8A-41A0-B380-DD4A704DDB28/Policy.vpol': 'c',
    'home/AppData/Roaming/Microsoft/Protect/S-1-5-21-1-2-3-1001/0a1b2c3d-aaaa-bbbb-cccc-000000000000': 'dpapi',
    'home/AppData/Local/Microsoft/TokenBroker/Cache/a.tbres': 't',
    'home/AppData/Local/Packages/Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy/AC/TokenBroker/Accounts/x.tbacct': 't',
    'home/AppData/Local/Microsoft/Office/UnsavedFiles/Book1.xlsb': 'u',
    'home/AppData/Local/Packages/Microsoft.WindowsNotepad_8wekyb3d8bbwe/LocalState/TabState/0a.bin': 'tab',
    'home/AppData/Local/SomeVendorApp/EBWebView/Default/Cookies': 'wv',
    'home/AppData/Local/Microsoft/Windows/INetCache/IE/x.htm': 'c',
    'home/AppData/LocalLow/Sun/Java/Deployment/cache/x': 'j',
    'home/AppData/Local/CrashDumps/notepad.exe.1234.dmp': 'memory',
    'home/NTUSER.DAT': 'hive',
    'home/ntuser.dat.LOG1': 'log',
    'home/Desktop/': '',
    'home/Favorites/': '',
    'home/CV final.docx': 'patron',
  });
  const items = planned(base, 'win32');
  for (const [rel, category] of [
    ['AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/ConsoleHost_history.txt', 'histories'],
    ['AppData/Roaming/Microsoft/Credentials/DFBE70A7E5CC19A398EBF1B96859CE5D', 'credentials'],
    ['AppData/Local/Microsoft/Vault/4BF4C442-9B8A-41A0-B380-DD4A704DDB28', 'credentials'],
    ['AppData/Roaming/Microsoft/Protect/S-1-5-21-1-2-3-1001', 'credentials'],
    ['AppData/Local/Microsoft/TokenBroker/Cache', 'credentials'],
    ['AppData/Local/Packages/Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy/AC', 'credentials'],
    ['AppData/Local/Microsoft/Office/UnsavedFiles/Book1.xlsb', 'app-data'],
    ['AppData/Local/Packages/Microsoft.WindowsNotepad_8wekyb3d8bbwe/LocalState/TabState/0a.bin', 'app-data'],
    ['AppData/Local/SomeVendorApp/EBWebView/Default', 'app-data'],
    ['AppData/Local/Microsoft/Windows/INetCache/IE', 'app-data'],
    ['AppData/LocalLow/Sun', 'app-data'],
    ['AppData/Local/CrashDumps/notepad.exe.1234.dmp', 'app-data'],
    ['CV final.docx', 'documents'],
  ])
    assert.equal(items.get(rel as string), category, `${rel} as ${category}`);
  for (const rel of ['NTUSER.DAT', 'ntuser.dat.LOG1', 'Desktop', 'Favorites', 'AppData']) assert.ok(!items.has(rel), `${rel} stays`);
});

test('macOS: login keychain, zsh sessions, Saved Application State, Autosave, quarantine log, home-root files', (t) => {
  const base = tempDir('tabula-wider-');
  t.after(() => removeTree(base));
  layout(base, {
    'home/Library/Keychains/login.keychain-db': 'k',
    'home/.zsh_history': 'h',
    'home/.zsh_sessions/ABC.history': 'h',
    'home/Library/Saved Application State/com.apple.TextEdit.savedState/data.data': 's',
    'home/Library/Autosave Information/Unsaved TextEdit Document.rtf': 'a',
    'home/Library/Preferences/com.apple.LaunchServices.QuarantineEventsV2': 'q',
    'home/Library/Preferences/com.apple.finder.plist': 'IT settings',
    'home/Movies/': '',
    'home/Library/Application Support/': '',
    'home/flyer.pages': 'patron',
  });
  const items = planned(base, 'darwin');
  for (const [rel, category] of [
    ['Library/Keychains/login.keychain-db', 'credentials'],
    ['.zsh_history', 'histories'],
    ['.zsh_sessions/ABC.history', 'histories'],
    ['Library/Saved Application State/com.apple.TextEdit.savedState', 'app-data'],
    ['Library/Autosave Information/Unsaved TextEdit Document.rtf', 'app-data'],
    ['Library/Preferences/com.apple.LaunchServices.QuarantineEventsV2', 'app-data'],
    ['flyer.pages', 'documents'],
  ]) {
    assert.equal(items.get(rel as string), category, `${rel} as ${category}`);
  }
  for (const rel of ['Movies', 'Library', 'Library/Preferences/com.apple.finder.plist']) assert.ok(!items.has(rel), `${rel} stays`);
});

test("the account template's names are left in the home root (case-folded on Windows and macOS)", () => {
  const none = () => undefined;
  assert.ok(leaveNamesOf('linux', none, [], ['examples.desktop']).has('examples.desktop'));
  assert.ok(leaveNamesOf('win32', none, ['Kiosk'], ['NTUSER.DAT']).has('ntuser.dat'));
  assert.ok(leaveNamesOf('win32', none, ['Kiosk'], []).has('kiosk'));
});
