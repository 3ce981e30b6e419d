/** What a tree walk answers and the identities it is pinned to (fs/tree.ts, fs/anchored.ts). */
import type { ErrorCode } from '../../../../protocol/error-codes.js';

export interface TreeResult {
  items: number;
  bytes: number;
  failures: ErrorCode[];
}

export interface Identity {
  dev: number;
  ino: number;
}

export interface WalkOptions {
  /** The folder holding the item (its graveyard, or its planned parent) must be this inode. */
  parent?: Identity;
  /** The item itself must be this inode. */
  self?: Identity;
  /** Tests only: called after an entry was lstat'ed ('lstat') or a folder opened ('opened'). */
  onStep?: (step: 'lstat' | 'opened', rel: string) => void;
}
