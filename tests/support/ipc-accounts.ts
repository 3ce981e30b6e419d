/**
 * Real throw-away accounts for the local-channel tests (useradd, no home, no login shell), named
 * `tsp<pid><suffix>`, and a client process run as one of them (`setpriv`, no supplementary groups).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accountTokenFile } from '../../main/app/agent-address.js';
import { readAccountToken } from '../../main/app/agent-client.js';

export interface TestAccount {
  name: string;
  uid: number;
  gid: number;
  remove(): void;
}

export function addAccount(suffix: string): TestAccount {
  const name = `tsp${process.pid}${suffix}`;
  execFileSync('useradd', ['--no-create-home', '--user-group', '--shell', '/usr/sbin/nologin', name]);
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { name, uid, gid, remove: () => execFileSync('userdel', ['--force', name], { stdio: 'ignore' }) };
}

/** `node script args…` as `account` (or as root when undefined). */
export function runAs(account: TestAccount | undefined, script: string, args: string[]): ChildProcess {
  if (!account) return spawn(process.execPath, [script, ...args]);
  return spawn('setpriv', [`--reuid=${account.uid}`, `--regid=${account.gid}`, '--clear-groups', process.execPath, script, ...args]);
}

/** Resolves with the child's stdout once it exits (rejects on a non-zero exit, with its stderr). */
export function outputOf(child: ChildProcess): Promise<string> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`client exited ${code}: ${err}`)))),
  );
}

/** This process's account token from an agent's state directory, as the app reads it (for tests that speak as the app). */
export function ownAccountToken(stateDir: string): () => string | undefined {
  const file = accountTokenFile(stateDir, process.getuid?.() ?? 0);
  return () => readAccountToken(file);
}
