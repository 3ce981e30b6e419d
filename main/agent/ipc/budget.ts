/**
 * How many connections the patron socket holds, and for whom (issue 9, case 12). Without a bound
 * per client, 64 connections held by one patron locked every other client out. The kernel does not
 * tell Node who connected, so a connection is counted by what it has shown:
 *
 *   account     it presented a valid account token (account-tokens.ts): counted against that
 *               uid, at most `perAccount`; one more closes that uid's oldest (an app that
 *               reconnects replaces its stale connection; a patron can only push out its own).
 *   anonymous   no token yet, within `anonymous` (status clients, `tabula status`, an app before
 *               its first line).
 *   probation   no token, arrived while the anonymous places were all taken: it is served, but
 *               closed after its first answer unless it presents a token, and closed if no request
 *               came within `probationMs`. So a patron holding every anonymous place still
 *               cannot keep anyone from a status answer or an app from its connection.
 * The privileged socket (root and staff only) is not counted here: patrons cannot reach it.
 */
import type { Socket } from 'node:net';

export interface BudgetLimits {
  anonymous: number;
  perAccount: number;
  probationMs: number;
}

export const PATRON_LIMITS: BudgetLimits = { anonymous: 32, perAccount: 8, probationMs: 5_000 };

export interface Member {
  readonly socket: Socket;
  kind: 'anonymous' | 'probation' | 'account';
  uid?: number;
  /** A complete request line came (set by the server). */
  spoke?: boolean;
}

export class ConnectionBudget {
  private readonly anonymous = new Set<Member>();
  private readonly accounts = new Map<number, Member[]>();

  constructor(private readonly limits: BudgetLimits = PATRON_LIMITS) {}

  /** A new connection: an anonymous place if one is free, else probation (closed if it stays silent). */
  admit(socket: Socket): Member {
    if (this.anonymous.size < this.limits.anonymous) {
      const member: Member = { socket, kind: 'anonymous' };
      this.anonymous.add(member);
      return member;
    }
    const member: Member = { socket, kind: 'probation' };
    const timer = setTimeout(() => {
      if (member.kind === 'probation' && !member.spoke) socket.destroy();
    }, this.limits.probationMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    return member;
  }

  /** It presented the token of `uid`: counted against that uid from now on. */
  authenticate(member: Member, uid: number): void {
    if (member.kind === 'account') return;
    this.anonymous.delete(member);
    member.kind = 'account';
    member.uid = uid;
    const group = this.accounts.get(uid) ?? [];
    group.push(member);
    this.accounts.set(uid, group);
    while (group.length > this.limits.perAccount) group.shift()!.socket.destroy();
  }

  /** After an answer: a probation connection without a token is done. */
  answered(member: Member): void {
    if (member.kind === 'probation') member.socket.end();
  }

  release(member: Member): void {
    this.anonymous.delete(member);
    if (member.uid === undefined) return;
    const group = this.accounts.get(member.uid);
    const at = group?.indexOf(member) ?? -1;
    if (group && at >= 0) group.splice(at, 1);
    if (group?.length === 0) this.accounts.delete(member.uid);
  }
}
