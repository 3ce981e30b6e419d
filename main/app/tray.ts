/** The tray icon: status lines from tray-state.ts, Wipe now (opens the staff window: PIN first), Staff window. */
import path from 'node:path';
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import type { AppStatus, Language } from '../../protocol/app-api.js';
import { trayIcon, trayState, type TrayLevel } from './tray-state.js';

export interface TrayActions {
  openStaff(): void;
}

export class AppTray {
  private readonly tray: Tray;
  private level: TrayLevel = 'offline';

  constructor(
    private readonly iconDir: string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(this.image(this.level));
    this.tray.on('click', () => actions.openStaff());
  }

  /** The level's image; nativeImage loads the `@2x` sibling itself. */
  private image(level: TrayLevel): NativeImage {
    const icon = trayIcon(level, process.platform);
    const image = nativeImage.createFromPath(path.join(this.iconDir, icon.file));
    if (icon.template) image.setTemplateImage(true);
    return image;
  }

  update(status: AppStatus, lang: Language): void {
    const state = trayState(status, Date.now(), lang);
    if (state.level !== this.level) {
      this.level = state.level;
      this.tray.setImage(this.image(state.level));
    }
    this.tray.setToolTip(state.tooltip);
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        ...state.lines.map((label) => ({ label, enabled: false })),
        { type: 'separator' },
        // Wipe now needs the staff PIN, so it opens the staff window where the PIN is asked.
        { label: state.menu.wipeNow, enabled: state.wipeNowEnabled, click: () => this.actions.openStaff() },
        { label: state.menu.staff, click: () => this.actions.openStaff() },
      ]),
    );
  }

  destroy(): void {
    this.tray.destroy();
  }
}
