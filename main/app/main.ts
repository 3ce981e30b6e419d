/**
 * Electron main process: thin glue. One instance per session; the tray; the patron notice at
 * session start; the countdown window whenever the agent counts down; the staff window on demand.
 * All decisions are in plain modules (ipc-policy, pin-lockout, tray-state, navigation-policy, csp,
 * notice-config) and the agent is reached over the local channel only (agent-client).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { accountTokenFile, defaultStateDir, noticeFile, patronEndpoint } from './agent-address.js';
import { AgentClient, readAccountToken } from './agent-client.js';
import { AppService } from './app-service.js';
import { registerAppScheme, serveAppProtocol } from './app-protocol.js';
import { registerAppIpc } from './ipc-main-wrapper.js';
import { noticeFrom } from './notice-config.js';
import { startSessionHooks } from './session-hooks.js';
import { AppTray } from './tray.js';
import { lockDownSession, Windows } from './windows.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Packaged layout: dist/app/main/app/main.js, dist/app/preload.cjs, dist/renderer/renderer/*.js, renderer/*.html. */
const appRoot = path.resolve(here, '..', '..', '..', '..');
const log = (event: string, fields: object) => console.log(JSON.stringify({ event, ...fields }));

function readNotice() {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(process.env.TABULA_NOTICE_FILE ?? noticeFile(), 'utf8'));
  } catch {
    raw = undefined;
  }
  const { notice, problems } = noticeFrom(raw, app.getLocale());
  if (problems.length > 0) log('notice.invalid', { problems: problems.length });
  return notice;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.enableSandbox();
  const windows = new Windows(path.join(appRoot, 'dist', 'app'));
  app.on('second-instance', () => windows.show('staff'));
  app.on('web-contents-created', (_e, contents) => contents.setWindowOpenHandler(() => ({ action: 'deny' })));
  // Closing every window keeps the app (tray, hooks) running.
  app.on('window-all-closed', () => undefined);

  void app.whenReady().then(async () => {
    lockDownSession();
    serveAppProtocol({ pages: path.join(appRoot, 'renderer'), scripts: path.join(appRoot, 'dist', 'renderer', 'renderer') });
    const stateDir = process.env.TABULA_STATE ?? defaultStateDir();
    const uid = process.getuid?.();
    const tokenFile = uid === undefined ? undefined : accountTokenFile(stateDir, uid);
    const client = new AgentClient({
      path: process.env.TABULA_AGENT_SOCKET ?? patronEndpoint(stateDir),
      accountToken: tokenFile === undefined ? undefined : () => readAccountToken(tokenFile),
    });
    client.start();
    const service = new AppService({ agent: client, account: os.userInfo().username, notice: readNotice });
    registerAppIpc(service, windows, log);
    const tray = new AppTray(path.join(appRoot, 'build', 'icons', 'tray'), { openStaff: () => windows.show('staff') });
    const trayLanguage = readNotice().language; // read once: the app starts anew at every login
    const refresh = async () => tray.update(await service.status(), trayLanguage);
    setInterval(() => void refresh(), 10_000).unref();
    service.onWipeDone(() => void refresh());
    client.onConnection((up) => {
      void refresh();
      if (up) void service.sessionStarted();
    });
    service.onCountdown((c) => (c.state === 'counting' ? windows.show('countdown') : windows.hide('countdown')));
    // A hidden window receives Windows' query-session-end / session-end.
    const sentinel = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    startSessionHooks(service, () => sentinel);
    if (process.env.TABULA_NO_NOTICE !== '1') windows.show('notice');
    if (process.argv.includes('--staff')) windows.show('staff');
    await refresh();
  });
}
