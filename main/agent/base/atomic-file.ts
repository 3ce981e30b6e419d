/**
 * Durable small files: write to a temp file beside the target, fsync it, rename it over the
 * target, then fsync the folder so the rename itself survives a power cut. A reader sees the old
 * or the new content, never a torn one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Hook for tests: called between the steps of an atomic write ('written', 'renamed'). */
export type AtomicStepHook = (step: 'written' | 'renamed') => void;

export function writeFileAtomic(file: string, content: string, options: { mode?: number; onStep?: AtomicStepHook } = {}): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', options.mode ?? 0o600);
  try {
    const buffer = Buffer.from(content, 'utf8');
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  options.onStep?.('written');
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  options.onStep?.('renamed');
  fsyncDir(dir);
}

/** fsync of a folder (not possible on Windows, where the rename is already durable enough). */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeJsonAtomic(file: string, value: unknown, options: { mode?: number; onStep?: AtomicStepHook } = {}): void {
  writeFileAtomic(file, JSON.stringify(value, null, 1) + '\n', options);
}

/** Parsed JSON of a file; undefined when missing; throws SyntaxError when corrupt. */
export function readJsonFileStrict(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text);
}

/** Parsed JSON of a file; undefined when missing, unreadable or corrupt. */
export function readJsonFile(file: string): unknown {
  try {
    return readJsonFileStrict(file);
  } catch {
    return undefined;
  }
}

/** Temp files an interrupted write left beside `file`. */
export function leftoverTemps(file: string, names: string[]): string[] {
  const prefix = `.${path.basename(file)}.`;
  return names.filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
}
