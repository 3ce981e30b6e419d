/**
 * Live configuration: the machine file is watched (fs.watch on its folder, since editors replace
 * files) and every layer is re-read on a periodic poll (policy changes have no file event). A new
 * configuration that does not validate is NOT applied: the last good one stays, and the error is
 * counted. The last good configuration is also kept in the state directory, so an agent that
 * starts on a broken file still wipes with what worked before.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { readJsonFile, writeJsonAtomic } from '../base/atomic-file.js';
import { ConfigError, loadLayeredConfig, machineConfigFile, type LoadedConfig, type LoadOptions } from './load.js';
import { DEFAULT_CONFIG, type Config } from './schema.js';
import { validateLayer } from './validate.js';

export interface ConfigWatcherOptions extends LoadOptions {
  /** Poll period (default 30 s). */
  pollMs?: number;
  /** Where the last good configuration is kept (a state directory). */
  stateDir?: string;
  /** Extra async checks of a loaded configuration (account vetting); problems make it bad. */
  check?: (loaded: LoadedConfig) => Promise<string[]>;
}

export interface ConfigState {
  config: Config;
  /** Bad configurations seen since start (each distinct bad version counts once). */
  errors: number;
  /** Problems of the latest bad configuration (file, field, expectation; never patron data). */
  lastProblems: string[];
  lastErrorAt?: string;
  /** Where the running configuration came from: 'layers', 'last-good' or 'defaults'. */
  from: 'layers' | 'last-good' | 'defaults';
}

type Listener = (config: Config) => void;
const LAST_GOOD = 'config.last-good.json';

export class ConfigWatcher {
  private state: ConfigState = { config: structuredClone(DEFAULT_CONFIG), errors: 0, lastProblems: [], from: 'defaults' };
  private fingerprint: string | undefined;
  private badFingerprint: string | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<Listener>();
  private readonly errorListeners = new Set<(problems: string[]) => void>();

  constructor(private readonly options: ConfigWatcherOptions = {}) {}

  get current(): ConfigState {
    return this.state;
  }

  onChange(listener: Listener): void {
    this.listeners.add(listener);
  }

  onError(listener: (problems: string[]) => void): void {
    this.errorListeners.add(listener);
  }

  /** Loads once; when the layers are bad, falls back to the last good configuration on disk. */
  async start(): Promise<ConfigState> {
    await this.reload();
    if (this.state.from === 'defaults' && this.state.errors > 0 && this.options.stateDir) {
      const saved = readJsonFile(path.join(this.options.stateDir, LAST_GOOD));
      if (saved !== undefined && validateLayer(saved, LAST_GOOD).length === 0) {
        this.state = { ...this.state, config: saved as Config, from: 'last-good' };
      }
    }
    const file = this.options.file ?? machineConfigFile(this.options.platform);
    try {
      this.watcher = watch(path.dirname(file), { persistent: false }, (_event, name) => {
        if (name && name.toString() !== path.basename(file)) return;
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.reload(), 100);
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // No folder to watch (no machine file yet): the poll covers it.
    }
    this.timer = setInterval(() => void this.reload(), this.options.pollMs ?? 30_000);
    this.timer.unref();
    return this.state;
  }

  stop(): void {
    this.watcher?.close();
    clearInterval(this.timer);
    clearTimeout(this.debounce);
  }

  /** Re-reads every layer now (serialized); resolves once applied or refused. */
  reload(): Promise<void> {
    this.running = this.running.then(
      () => this.reloadNow(),
      () => this.reloadNow(),
    );
    return this.running;
  }

  private async reloadNow(): Promise<void> {
    let loaded: LoadedConfig;
    try {
      loaded = await loadLayeredConfig(this.options);
      const problems = (await this.options.check?.(loaded)) ?? [];
      if (problems.length > 0) throw new ConfigError(problems);
    } catch (caught) {
      const error = caught instanceof ConfigError ? caught : new ConfigError(['configuration could not be loaded (E_INTERNAL)']);
      const key = error.problems.join('\n');
      if (key === this.badFingerprint) return; // the same bad version, seen again by the poll
      this.badFingerprint = key;
      this.state = { ...this.state, errors: this.state.errors + 1, lastProblems: error.problems, lastErrorAt: new Date().toISOString() };
      for (const l of this.errorListeners) l(error.problems);
      return;
    }
    this.badFingerprint = undefined;
    if (loaded.fingerprint === this.fingerprint && this.state.from === 'layers') return;
    this.fingerprint = loaded.fingerprint;
    this.state = { ...this.state, config: loaded.config, from: 'layers' };
    if (this.options.stateDir) {
      try {
        writeJsonAtomic(path.join(this.options.stateDir, LAST_GOOD), loaded.config);
      } catch {
        // The state directory is checked at agent start; a failure here only loses the fallback.
      }
    }
    for (const l of this.listeners) l(loaded.config);
  }
}
