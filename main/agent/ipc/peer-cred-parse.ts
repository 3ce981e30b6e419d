/**
 * Pure parsing for peer-cred.ts: `ss -xpn` output (iproute2), `/proc/<pid>/fd/<n>` link texts and
 * `/proc/<pid>/status`. Columns of `ss -xpn`:
 *   Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process
 * e.g. `u_str ESTAB 0 0 /run/tabula/agent-public.sock 380140 * 380139 users:(("node",pid=7,fd=21))`.
 * The port of a Unix socket is its inode; the peer address is `*`; the process column is missing
 * when no visible process holds the socket, and lists several users when it is shared.
 *
 * ss does not escape addresses: a bound path may contain spaces or even a newline (a forged line).
 * So a local address is everything between Send-Q and the last `<inode> <peer address> <inode>`
 * before the process column, and the lookups in peer-cred.ts never trust a line alone: exactly one
 * line may claim an inode (else: ambiguous), and every (pid, fd) is checked in /proc.
 */

export interface SsUser {
  pid: number;
  fd: number;
}

export interface SsLine {
  netid: string;
  state: string;
  /** Inode of this socket ("Local Address:Port" port). */
  local: number;
  /** Inode of the socket at the other end (0: not connected). */
  peer: number;
  users: SsUser[];
}

const INODE = /^\d{1,20}$/;

/** The users of a process column: `users:(("name",pid=P,fd=F),...)` → [{pid, fd}] (names dropped). */
export function parseUsers(column: string): SsUser[] {
  const users: SsUser[] = [];
  for (const m of column.matchAll(/,pid=(\d{1,10}),fd=(\d{1,10})\)/g)) users.push({ pid: Number(m[1]), fd: Number(m[2]) });
  return users;
}

/** One data line of `ss -xpn`, or undefined (header, blank, or not the expected shape). */
export function parseSsLine(line: string): SsLine | undefined {
  const processAt = line.search(/\susers:\(\(/);
  const head = (processAt >= 0 ? line.slice(0, processAt) : line).trim();
  const tokens = head.split(/\s+/);
  // netid state recv-q send-q <local address...> local-inode peer-address peer-inode
  if (tokens.length < 8 || tokens[0] === 'Netid') return undefined;
  const [netid, state, recvQ, sendQ] = tokens;
  const [local, peerAddress, peer] = tokens.slice(-3);
  if (!/^\d+$/.test(recvQ!) || !/^\d+$/.test(sendQ!) || !INODE.test(local!) || !INODE.test(peer!) || peerAddress === undefined) return undefined;
  return {
    netid: netid!, state: state!, local: Number(local), peer: Number(peer),
    users: processAt >= 0 ? parseUsers(line.slice(processAt)) : [],
  };
}

export function parseSs(text: string): SsLine[] {
  const lines: SsLine[] = [];
  for (const raw of text.split('\n')) {
    const parsed = parseSsLine(raw);
    if (parsed) lines.push(parsed);
  }
  return lines;
}

export type PeerLookup = { peer: number; users: SsUser[] } | { unknown: 'gone' | 'ambiguous' };

/**
 * From our socket's inode to the processes holding the socket at the other end: the one line whose
 * local inode is ours gives the peer inode; the one line whose local inode is the peer's gives its
 * users. None (or no user): gone. More than one line for an inode: ambiguous (forged or garbled).
 */
export function peerOfInode(lines: readonly SsLine[], ours: number): PeerLookup {
  const only = (inode: number) => {
    const found = lines.filter((l) => l.local === inode);
    return found.length === 1 ? found[0]! : found.length === 0 ? 'gone' as const : 'ambiguous' as const;
  };
  const mine = only(ours);
  if (typeof mine === 'string') return { unknown: mine };
  if (mine.peer === 0) return { unknown: 'gone' };
  const theirs = only(mine.peer);
  if (typeof theirs === 'string') return { unknown: theirs };
  if (theirs.peer !== ours) return { unknown: 'ambiguous' };
  return theirs.users.length > 0 ? { peer: mine.peer, users: theirs.users } : { unknown: 'gone' };
}

/** `socket:[12345]` → 12345; anything else → undefined. */
export function socketInodeOfLink(link: string): number | undefined {
  const m = /^socket:\[(\d{1,20})\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
}

/**
 * The effective uid in /proc/<pid>/status (`Uid:\treal\teffective\tsaved\tfs`), what SO_PEERCRED
 * would give. Not the owner of /proc/<pid>: a non-dumpable process's directory belongs to root.
 */
export function effectiveUidOfStatus(status: string): number | undefined {
  const m = /^Uid:\s+(\d+)\s+(\d+)\s+\d+\s+\d+\s*$/m.exec(status);
  return m ? Number(m[2]) : undefined;
}
