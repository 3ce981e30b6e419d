/**
 * Test support for the reporting round trips: a real `tabula-dashboard serve` child process on
 * loopback (SQLite in a temp dir), its admin commands, and a recording proxy that the agent is
 * pointed at. The proxy keeps every request body the agent sent, forwards it to the current
 * dashboard (which may be stopped and restarted on another port), and can lose an answer.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DASHBOARD_CLI = path.join(DIST, 'dashboard/cli.js');
export const AGENT_CLI = path.join(DIST, 'main/cli.js');

export interface DashboardChild {
  port: number;
  stop(): Promise<void>;
}

export async function startDashboard(dbFile: string): Promise<DashboardChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    [DASHBOARD_CLI, 'serve', '--db', `sqlite:${dbFile}`, '--port', '0', '--host', '127.0.0.1', '--insecure-cookies'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`dashboard did not start: ${err}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dashboard exited ${code}: ${err}`));
    });
  });
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The agent CLI, asynchronously: the recording proxy lives in the test's own event loop. */
export function tabula(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [AGENT_CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString('utf8');
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function dashboardCli(args: string[], dbFile: string): string {
  const r = spawnSync(process.execPath, [DASHBOARD_CLI, ...args, '--db', `sqlite:${dbFile}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tabula-dashboard ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export function createToken(dbFile: string, site = 'central'): string {
  return dashboardCli(['token', 'create', '--site', site], dbFile).trim();
}

export function dashboardStats(dbFile: string): { devices: number; wipes: number; failures: number } {
  return JSON.parse(dashboardCli(['stats', '--json'], dbFile)) as { devices: number; wipes: number; failures: number };
}

export interface RecordingProxy {
  url: string;
  /** Every request body (raw text) and path the agent sent, in order. */
  bodies: string[];
  paths: string[];
  /** Where requests go; undefined = the dashboard is down (the connection is dropped). */
  upstream: number | undefined;
  /** Forward the next report request, then drop its answer (the dashboard stored it; the agent never hears). */
  loseNextAnswer: boolean;
  close(): Promise<void>;
}

export async function startProxy(): Promise<RecordingProxy> {
  const state = { bodies: [] as string[], paths: [] as string[], upstream: undefined as number | undefined, loseNextAnswer: false };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      state.bodies.push(body.toString('utf8'));
      state.paths.push(req.url ?? '');
      if (state.upstream === undefined) {
        req.socket.destroy();
        return;
      }
      const lose = state.loseNextAnswer && (req.url ?? '').endsWith('/reports');
      if (lose) state.loseNextAnswer = false;
      const up = request({ host: '127.0.0.1', port: state.upstream, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          if (lose) {
            req.socket.destroy();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(parts));
        });
      });
      up.on('error', () => req.socket.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const proxy = Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return proxy as RecordingProxy;
}
