/**
 * Benchmark (not a test): the idle footprint of the real agent service. Targets: CPU
 * < 0.5 % averaged over 60 s (issue 3), RSS < 60 MB (issue 14; was 80 MB).
 *
 * Starts `node dist/main/cli.js agent` with its own state dir and a config naming a patron
 * account (a throw-away account made with useradd when running as root; without root the config
 * names none and says so), waits until it is ready plus a short settle, then samples
 * /proc/PID/stat (utime + stime) and /proc/PID/status (VmRSS, context switches) once a second
 * for BENCH_SECONDS (default 60). As a baseline in the same window it samples a bare idle node
 * process (`setInterval` once an hour): the floor any node program pays here.
 *
 * Run: `npm run bench:agent-idle` (Linux only: /proc).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAgentProcess, stopAgentProcess, waitStatus } from '../support/agent-process.js';
import { tempDir, removeTree } from '../support/tree.js';

const SECONDS = Math.max(5, Number(process.env.BENCH_SECONDS ?? 60) || 60);
const SETTLE_MS = 3000;
const CPU_TARGET = 0.5;
const RSS_TARGET_MB = 60; // issue 14 (was 80, issue 3)
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

interface ProcSample {
  ticks: number;
  rssKb: number;
  voluntary: number;
  involuntary: number;
  threads: number;
}

function sample(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, in parentheses): state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime (14), stime (15)
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return {
    ticks,
    rssKb: field('VmRSS'),
    voluntary: field('voluntary_ctxt_switches'),
    involuntary: field('nonvoluntary_ctxt_switches'),
    threads: field('Threads'),
  };
}

/** A throw-away patron account (root only), removed at the end. */
function makeAccount(base: string): { name: string; remove: () => void } | undefined {
  if (process.geteuid?.() !== 0) return undefined;
  const name = `tabulab${process.pid % 100000}`;
  try {
    execFileSync('useradd', ['-m', '-d', path.join(base, 'home', name), '-s', '/bin/sh', name], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { name, remove: () => void spawnSync('userdel', [name]) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const base = tempDir('tabula-bench-idle-');
  const account = makeAccount(base);
  const stateDir = path.join(base, 'state');
  const config = path.join(base, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({ accounts: account ? [account.name] : [], closeBrowsers: true, idle: { timeoutSec: 600, warningSec: 60 } }),
  );
  let agent: ChildProcess | undefined;
  let floor: ChildProcess | undefined;
  try {
    agent = startAgentProcess(stateDir, config);
    let stderr = '';
    agent.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = await waitStatus(stateDir, (s) => s.ready);
    floor = spawn(process.execPath, ['-e', 'setInterval(() => {}, 3600e3)'], { stdio: 'ignore' });
    await sleep(SETTLE_MS);
    const pids = { agent: agent.pid as number, floor: floor.pid as number };
    const first = { agent: sample(pids.agent), floor: sample(pids.floor) };
    const start = performance.now();
    const rss = { agent: [first.agent.rssKb], floor: [first.floor.rssKb] };
    for (let s = 0; s < SECONDS; s++) {
      await sleep(1000);
      rss.agent.push(sample(pids.agent).rssKb);
      rss.floor.push(sample(pids.floor).rssKb);
    }
    const wallS = (performance.now() - start) / 1000;
    const last = { agent: sample(pids.agent), floor: sample(pids.floor) };
    const cpu = (k: 'agent' | 'floor') => ((last[k].ticks - first[k].ticks) / TICK / wallS) * 100;
    const wakeups = (k: 'agent' | 'floor') =>
      (last[k].voluntary - first[k].voluntary + (last[k].involuntary - first[k].involuntary)) / wallS;
    const mb = (kb: number) => kb / 1024;
    const agentCpu = cpu('agent');
    const agentRss = mb(Math.max(...rss.agent));
    const floorRss = mb(Math.max(...rss.floor));
    const rssRatio = agentRss / floorRss;
    console.log(
      `agent idle footprint over ${wallS.toFixed(0)} s (node ${process.version}, ${os.cpus().length} CPUs, CLK_TCK ${TICK}, load ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')})`,
    );
    console.log(
      `  config: ${ready.config.patronAccounts} patron account(s)${account ? ' (throw-away useradd account)' : ' (not root: none)'}, config errors ${ready.config.errors}`,
    );
    console.log(
      `  agent:      CPU ${agentCpu.toFixed(3)} %  RSS max ${agentRss.toFixed(1)} MB (${rssRatio.toFixed(2)}× bare node)  ${wakeups('agent').toFixed(1)} context switches/s  ${last.agent.threads} threads`,
    );
    console.log(
      `  idle node:  CPU ${cpu('floor').toFixed(3)} %  RSS max ${floorRss.toFixed(1)} MB  ${wakeups('floor').toFixed(1)} context switches/s  (baseline, same window)`,
    );
    console.log(
      `  CPU < ${CPU_TARGET} %: ${agentCpu < CPU_TARGET ? 'MET' : 'NOT MET'}   RSS < ${RSS_TARGET_MB} MB: ${agentRss < RSS_TARGET_MB ? 'MET' : 'NOT MET'}`,
    );
    if (stderr.trim()) console.log(`  agent stderr: ${stderr.trim().split('\n').length} line(s)`);
    console.log(
      JSON.stringify({
        bench: 'agent-idle',
        seconds: wallS,
        cpuPct: agentCpu,
        rssMaxMb: agentRss,
        floorCpuPct: cpu('floor'),
        floorRssMaxMb: floorRss,
        rssRatio,
        wakeupsPerS: wakeups('agent'),
        load: os.loadavg(),
      }),
    );
  } finally {
    floor?.kill('SIGKILL');
    if (agent) await stopAgentProcess(agent);
    account?.remove();
    removeTree(base);
  }
}

await main();
