/**
 * A real Debian with systemd, booted with systemd-nspawn for the system tests: the cached rootfs
 * (scripts/build-test-rootfs.sh) under a fresh overlayfs, so every suite starts from the same image
 * and a reboot keeps what the previous boot wrote. Commands run inside through nsenter into the
 * container's namespaces; commands that must be real services or sessions (apt-get, logins) go
 * through the container's own `systemd-run`, so they sit in its cgroups and logind can track them.
 * The host has no systemd: `--register=no --keep-unit`. Test support only; root only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const T0 = Date.now();

/** "[system +12.3s] step": each step's time in the test output. */
export function step(what: string): void {
  console.log(`[system +${((Date.now() - T0) / 1000).toFixed(1)}s] ${what}`);
}

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The cached rootfs (built now if missing: a few minutes, once per package list). */
export function rootfs(): string {
  const r = spawnSync('bash', [path.join(REPO, 'scripts/build-test-rootfs.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`scripts/build-test-rootfs.sh failed (${r.status})`);
  return r.stdout.trim().split('\n').pop()!;
}

/** Builds the headless package from this tree (needs `npm run build` first); returns the .deb path. */
export function buildAgentDeb(outDir: string): string {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/build-agent-deb.mjs'), '--out', outDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build-agent-deb failed: ${r.stderr}`);
  return r.stdout.trim();
}

export class Container {
  readonly dir: string;
  /** The container's / as seen from the host. */
  readonly root: string;
  private nspawn: ChildProcess | undefined;
  private leader = 0;
  private boots = 0;

  constructor(lower: string) {
    this.dir = mkdtempSync('/var/tmp/tabula-system-');
    for (const d of ['upper', 'work', 'merged']) mkdirSync(path.join(this.dir, d));
    this.root = path.join(this.dir, 'merged');
    const m = spawnSync(
      'mount',
      ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${this.dir}/upper,workdir=${this.dir}/work`, this.root],
      { encoding: 'utf8' },
    );
    if (m.status !== 0) throw new Error(`overlay mount failed: ${m.stderr}`);
  }

  /** Boots (nspawn -b) and returns once PID 1 of the container is known; does not wait for logins. */
  async boot(): Promise<void> {
    this.boots += 1;
    const log = openSync(path.join(this.dir, `console-${this.boots}.log`), 'w');
    this.nspawn = spawn('systemd-nspawn', ['-D', this.root, '-b', '--register=no', '--keep-unit', '-q', '--console=read-only'], {
      stdio: ['ignore', log, log],
    });
    const nspawnPid = this.nspawn.pid!;
    for (let i = 0; i < 200 && !this.leader; i++) {
      await sleep(50);
      const children = readIf(`/proc/${nspawnPid}/task/${nspawnPid}/children`).trim().split(/\s+/).filter(Boolean);
      for (const c of children) if (readIf(`/proc/${c}/comm`).trim() === 'systemd') this.leader = Number(c);
    }
    if (!this.leader) throw new Error(`the container did not start: ${this.console()}`);
  }

  console(): string {
    return readIf(path.join(this.dir, `console-${this.boots}.log`)).slice(-3000);
  }

  /** A command inside the container's namespaces (as root, host cgroup). */
  exec(argv: string[], input?: string): Run {
    const r = spawnSync('nsenter', ['-t', String(this.leader), '-a', 'env', '-i', PATH, 'LANG=C.UTF-8', ...argv], {
      encoding: 'utf8',
      input,
      maxBuffer: 64 << 20,
    });
    return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
  }

  sh(script: string): Run {
    return this.exec(['bash', '-c', script]);
  }

  /** A command as a transient service of the container's systemd (its cgroups; stdio piped back). */
  service(argv: string[], env: Record<string, string> = {}, input?: string): Promise<Run> {
    const e = Object.entries(env).flatMap(([k, v]) => ['-E', `${k}=${v}`]);
    return new Promise((resolve) => {
      const child = spawn(
        'nsenter',
        ['-t', String(this.leader), '-a', 'env', '-i', PATH, 'systemd-run', '--wait', '--pipe', '-q', ...e, ...argv],
        { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] },
      );
      if (input !== undefined) child.stdin!.end(input);
      let out = '';
      let err = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString('utf8');
      });
      child.stderr!.on('data', (c: Buffer) => {
        err += c.toString('utf8');
      });
      child.on('close', (code) => resolve({ code, out, err }));
    });
  }

  /**
   * A conversation on a pseudo-terminal inside a transient service: each `steps[i].send` is written
   * once `steps[i].expect` appeared in the output (a login flushes what was typed before its
   * prompt). Ends when the command exits, when `fail` appears, or after `ms`.
   */
  converse(argv: string[], steps: { expect: RegExp; send: string }[], fail: RegExp, ms = 20_000): Promise<Run> {
    return new Promise((resolve) => {
      const child = spawn(
        'nsenter',
        [
          '-t',
          String(this.leader),
          '-a',
          'env',
          '-i',
          PATH,
          'systemd-run',
          '--wait',
          '--pipe',
          '-q',
          '-p',
          `RuntimeMaxSec=${Math.ceil(ms / 1000) + 5}`,
          ...argv,
        ],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      let next = 0;
      let from = 0;
      const end = () => {
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      };
      const timer = setTimeout(end, ms);
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        if (fail.test(out.slice(from))) return end();
        const step = steps[next];
        if (step && step.expect.test(out.slice(from))) {
          from = out.length;
          next += 1;
          child.stdin!.write(step.send);
        }
      });
      child.stderr!.on('data', (c: Buffer) => {
        err += c.toString('utf8');
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    });
  }

  /**
   * A real login: `su -l ACCOUNT` on a pseudo-terminal (`script`), so PAM runs the session stack
   * (pam_systemd registers a logind session, the Tabula hook runs) and closes it when `command` ends.
   */
  login(account: string, command: string): Promise<Run> {
    return this.service(['script', '-qec', `su -l ${account} -c ${shellQuote(command)}`, '/dev/null']);
  }

  /** Waits until `test` passes (polled), or throws after `ms`. Returns the elapsed milliseconds. */
  async until(what: string, test: () => boolean, ms = 60_000, everyMs = 50): Promise<number> {
    const start = performance.now();
    while (performance.now() - start < ms) {
      if (test()) return performance.now() - start;
      await sleep(everyMs);
    }
    throw new Error(`timed out after ${ms} ms waiting for: ${what}`);
  }

  /** Until systemd inside says running (or degraded, with its failed units in the error). */
  async booted(ms = 90_000): Promise<void> {
    await this.until(
      'systemd running',
      () => {
        const state = this.exec(['systemctl', 'is-system-running']).out.trim();
        if (state === 'degraded') throw new Error(`degraded: ${this.exec(['systemctl', '--failed', '--no-pager']).out}`);
        return state === 'running';
      },
      ms,
      100,
    );
  }

  /**
   * Power cut: SIGKILL of the container's PID 1 from the host. The kernel then kills every process
   * of its PID namespace at once (nothing is stopped, synced or told); nspawn exits after it.
   * (SIGKILL of nspawn alone would leave the container running, re-parented.)
   */
  async powerCut(): Promise<void> {
    const child = this.nspawn;
    if (!child || exited(child)) return;
    const gone = new Promise((r) => child.once('exit', r));
    process.kill(this.leader, 'SIGKILL');
    await gone;
    await this.until('container init gone', () => !existsSync(`/proc/${this.leader}`), 20_000);
    this.leader = 0;
  }

  async shutdown(): Promise<void> {
    const child = this.nspawn;
    if (!child || exited(child)) return;
    const gone = new Promise((r) => child.once('exit', r));
    this.exec(['systemctl', 'poweroff']);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await gone;
    clearTimeout(timer);
    this.leader = 0;
  }

  writeFile(inside: string, content: string, mode = 0o644): void {
    const file = path.join(this.root, inside);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content, { mode });
  }

  async dispose(): Promise<void> {
    await this.shutdown().catch(() => undefined);
    if (this.nspawn && !exited(this.nspawn)) this.nspawn.kill('SIGKILL');
    if (this.leader && existsSync(`/proc/${this.leader}`)) process.kill(this.leader, 'SIGKILL');
    spawnSync('umount', ['-l', this.root]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A child that was killed by a signal has exitCode null and signalCode set. */
function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function readIf(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
