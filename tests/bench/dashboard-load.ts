/**
 * The dashboard bench's load generator, run as a child process (so that it does not share the
 * server's event loop): keep-alive HTTP on loopback, `concurrency` requests in flight, for a
 * bounded time. It receives one job over IPC and answers with latencies and counts.
 */
import http from 'node:http';
import { hourOf, makeBatch, makeReport } from '../support/dashboard/batches.js';

export interface LoadJob {
  port: number;
  devices: { id: string; siteId: string; credential: string }[];
  seconds: number;
  perRequest: number;
  concurrency: number;
  /** Open loop: send this many requests per second whatever the answers take (else closed loop). */
  requestsPerSecond?: number;
}

export interface LoadResult {
  latencies: number[];
  reports: number;
  errors: number;
  /** Open loop: requests not sent because too many were waiting (the server fell behind). */
  shed: number;
  elapsedMs: number;
}

function post(agent: http.Agent, port: number, credential: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/reports',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}`, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Open loop, as thousands of independent PCs behave: request n is due at n / rate seconds and its
 * latency counts from then (no coordinated omission). At most `concurrency` × 8 in flight.
 */
async function openLoop(job: LoadJob, rate: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latencies: number[] = [];
  let reports = 0,
    errors = 0,
    inFlight = 0,
    sent = 0,
    shed = 0;
  const hour = hourOf(Date.now());
  const t0 = performance.now();
  const total = Math.round(rate * job.seconds);
  const pending: Promise<void>[] = [];
  while (sent < total) {
    const due = t0 + (sent * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= job.concurrency * 8) {
      shed++;
      sent++;
      continue;
    }
    const d = job.devices[sent % job.devices.length]!;
    const body = JSON.stringify(
      makeBatch(
        d,
        Array.from({ length: job.perRequest }, () => makeReport({ hour })),
      ),
    );
    sent++;
    inFlight++;
    pending.push(
      post(agent, job.port, d.credential, body)
        .catch(() => 0)
        .then((status) => {
          inFlight--;
          latencies.push(performance.now() - due);
          if (status === 200) reports += job.perRequest;
          else errors++;
        }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return { latencies, reports, errors, shed, elapsedMs: performance.now() - t0 };
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  if (job.requestsPerSecond) return openLoop(job, job.requestsPerSecond);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latencies: number[] = [];
  let reports = 0,
    errors = 0;
  const start = Date.now();
  const end = start + job.seconds * 1000;
  const hour = hourOf(Date.now());
  await Promise.all(
    Array.from({ length: job.concurrency }, async (_, w) => {
      for (let i = w; Date.now() < end; i += job.concurrency) {
        const d = job.devices[i % job.devices.length]!;
        const body = JSON.stringify(
          makeBatch(
            d,
            Array.from({ length: job.perRequest }, () => makeReport({ hour })),
          ),
        );
        const t0 = performance.now();
        const status = await post(agent, job.port, d.credential, body).catch(() => 0);
        latencies.push(performance.now() - t0);
        if (status === 200) reports += job.perRequest;
        else errors++;
      }
    }),
  );
  agent.destroy();
  return { latencies, reports, errors, shed: 0, elapsedMs: Date.now() - start };
}

if (process.send) {
  process.once('message', (job: LoadJob) => {
    void runLoad(job).then((result) => {
      process.send?.(result, () => process.exit(0));
    });
  });
}
