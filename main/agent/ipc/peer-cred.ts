/**
 * The uid of the process at the other end of an accepted Unix stream connection, on Linux, without
 * a native addon (Node does not expose SO_PEERCRED):
 *   1. our socket's inode: /proc/self/fd/<fd> → `socket:[N]`, read synchronously while it is open;
 *   2. `ss -xpn` (iproute2; sock_diag gives each Unix socket's peer inode and, for root, the
 *      processes holding it): our line → the peer inode → the peer's line → (pid, fd) pairs;
 *   3. each pair checked in /proc (/proc/<pid>/fd/<fd> must still be the peer socket, so a forged
 *      ss line or a recycled pid does not count), then the effective uid from /proc/<pid>/status.
 * Never a guess: several different uids, a line claimed twice, or no live holder is `unknown`.
 * Other platforms: `unsupported` (the patron channel keeps its endpoint-only authorization there).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import type { Socket } from 'node:net';
import { effectiveUidOfStatus, parseSs, peerOfInode, socketInodeOfLink } from './peer-cred-parse.js';

export type PeerUnknown =
  /** Not Linux: no lookup. */
  | 'unsupported'
  /** The lookup itself failed (no `ss`, timeout, no socket handle): nothing is known either way. */
  | 'unavailable'
  /** The peer is no longer held by any live, visible process (it sent and exited). */
  | 'gone'
  /** Conflicting answers (a socket claimed twice, holders of different uids). */
  | 'ambiguous';

export type PeerUid = { uid: number } | { unknown: PeerUnknown };

const SS_CANDIDATES = ['/usr/bin/ss', '/bin/ss', '/usr/sbin/ss', '/sbin/ss'];
const SS_TIMEOUT_MS = 3000;
const SS_MAX_BUFFER = 32 * 1024 * 1024;

/** The file descriptor behind a net.Socket (libuv's pipe handle); the one place that reaches inside. */
export function socketFd(socket: Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: unknown } | null })._handle?.fd;
  return typeof fd === 'number' && Number.isInteger(fd) && fd >= 0 ? fd : undefined;
}

function readLink(p: string): string | undefined {
  try {
    return readlinkSync(p);
  } catch {
    return undefined;
  }
}

/** Our end's inode, synchronously (before the peer can close and Node destroys our end). */
export function ownInode(socket: Socket): number | 'gone' | undefined {
  if (socket.destroyed) return 'gone';
  const fd = socketFd(socket);
  if (fd === undefined) return undefined;
  const link = readLink(`/proc/self/fd/${fd}`);
  return link === undefined ? undefined : socketInodeOfLink(link);
}

/** Runs `ss -xpn` (no shell); undefined when it is missing, fails or times out. */
export function runSs(): Promise<string | undefined> {
  const ss = SS_CANDIDATES.find((p) => existsSync(p));
  if (!ss) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(ss, ['-xpn'], { timeout: SS_TIMEOUT_MS, maxBuffer: SS_MAX_BUFFER, encoding: 'utf8', env: { LC_ALL: 'C' } },
      (error, stdout) => resolve(error ? undefined : stdout));
  });
}

/** The effective uid of `pid` if its descriptor `fd` is (still) the socket `inode`. */
export function holderUid(pid: number, fd: number, inode: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const link = readLink(`/proc/${pid}/fd/${fd}`);
  if (link === undefined || socketInodeOfLink(link) !== inode) return undefined;
  return effectiveUidOfStatus(status);
}

/** From the `ss -xpn` text and our inode to the peer's uid. */
export function peerUidFromSs(text: string, ours: number): PeerUid {
  const found = peerOfInode(parseSs(text), ours);
  if ('unknown' in found) return found;
  const uids = new Set<number>();
  for (const u of found.users) {
    const uid = holderUid(u.pid, u.fd, found.peer);
    if (uid !== undefined) uids.add(uid);
  }
  if (uids.size === 0) return { unknown: 'gone' };
  return uids.size === 1 ? { uid: [...uids][0]! } : { unknown: 'ambiguous' };
}

/**
 * Starts the lookup for an accepted connection: the synchronous part (our inode) runs now, `ss`
 * afterwards. Call it at the request that needs it, before any await.
 */
export function lookupPeerUid(socket: Socket, platform: NodeJS.Platform = process.platform): Promise<PeerUid> {
  if (platform !== 'linux') return Promise.resolve({ unknown: 'unsupported' });
  const ours = ownInode(socket);
  if (ours === 'gone') return Promise.resolve({ unknown: 'gone' });
  if (ours === undefined) return Promise.resolve({ unknown: 'unavailable' });
  return runSs().then((text) => (text === undefined ? { unknown: 'unavailable' } : peerUidFromSs(text, ours)));
}
