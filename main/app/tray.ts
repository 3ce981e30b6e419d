/** The tray icon: status lines from tray-state.ts, Wipe now (opens the staff window: PIN first), Staff window. */
import path from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { AppStatus } from '../../protocol/app-api.js';
import { trayState } from './tray-state.js';

export interface TrayActions {
  openStaff(): void;
}

export class AppTray {
  private readonly tray: Tray;

  constructor(private readonly iconDir: string, private readonly actions: TrayActions) {
    this.tray = new Tray(nativeImage.createFromPath(path.join(iconDir, 'tray-offline.png')));
    this.tray.on('click', () => actions.openStaff());
  }

  update(status: AppStatus): void {
    const state = trayState(status);
    this.tray.setImage(nativeImage.createFromPath(path.join(this.iconDir, state.icon)));
    this.tray.setToolTip(state.tooltip);
    this.tray.setContextMenu(Menu.buildFromTemplate([
      ...state.lines.map((label) => ({ label, enabled: false })),
      { type: 'separator' },
      // Wipe now needs the staff PIN, so it opens the staff window where the PIN is asked.
      { label: 'Wipe now…', enabled: state.wipeNowEnabled, click: () => this.actions.openStaff() },
      { label: 'Staff window…', click: () => this.actions.openStaff() },
    ]));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
