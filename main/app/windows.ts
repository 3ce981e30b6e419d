/**
 * Our three windows, all with the same locked-down web preferences: context isolation, the
 * renderer sandbox, no Node, no webview, our preload only; navigation, new windows and permission
 * requests refused (navigation-policy.ts).
 */
import path from 'node:path';
import { BrowserWindow, screen, session, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import type { WindowRole } from '../../protocol/app-api.js';
import type { WindowRegistry } from './ipc-main-wrapper.js';
import { isAllowedNavigation, pageUrl, permissionDecision, windowOpenDecision } from './navigation-policy.js';
import { securePreferences } from './window-options.js';

const SHAPES: Record<WindowRole, BrowserWindowConstructorOptions> = {
  staff: { width: 900, height: 760, title: 'Tabula — staff', show: false },
  notice: { width: 640, height: 560, title: 'Tabula — notice', show: false, resizable: false, minimizable: false, maximizable: false },
  countdown: {
    width: 560,
    height: 340,
    title: 'Tabula — session ending',
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    closable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    fullscreenable: false,
  },
};

/** Refuses permission requests of every session our pages use (camera, notifications, …). */
export function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
}

function guard(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, contents.getURL())) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, contents.getURL())) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => windowOpenDecision());
}

export class Windows implements WindowRegistry {
  private readonly open = new Map<WindowRole, BrowserWindow>();

  constructor(private readonly appDir: string) {}

  show(role: WindowRole): BrowserWindow {
    const existing = this.open.get(role);
    if (existing && !existing.isDestroyed()) {
      existing.show();
      existing.focus();
      return existing;
    }
    const win = new BrowserWindow({ ...SHAPES[role], webPreferences: securePreferences(path.join(this.appDir, 'preload.cjs')) });
    guard(win.webContents);
    if (role === 'countdown') {
      win.setAlwaysOnTop(true, 'screen-saver');
      win.setVisibleOnAllWorkspaces(true);
      const { workArea } = screen.getPrimaryDisplay();
      win.setPosition(Math.round(workArea.x + (workArea.width - 560) / 2), Math.round(workArea.y + (workArea.height - 340) / 2));
    }
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => this.open.delete(role));
    this.open.set(role, win);
    void win.loadURL(pageUrl(role));
    return win;
  }

  hide(role: WindowRole): void {
    const win = this.open.get(role);
    if (win && !win.isDestroyed()) win.destroy();
  }

  roleOf(contents: WebContents): WindowRole | undefined {
    for (const [role, win] of this.open) if (!win.isDestroyed() && win.webContents.id === contents.id) return role;
    return undefined;
  }

  all(): Array<{ role: WindowRole; contents: WebContents }> {
    return [...this.open].filter(([, w]) => !w.isDestroyed()).map(([role, w]) => ({ role, contents: w.webContents }));
  }
}
