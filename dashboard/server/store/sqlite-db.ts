/** SQLite adapter: better-sqlite3 (synchronous) behind an async queue, WAL journal. */
import Database from 'better-sqlite3';
import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type { Row, SqlDb, SqlParam, SqlQueryable } from './sql-db.js';

/** The SQLite file cannot be used safely (others can read it, or it is not a plain file); the message names the fix. */
export class StoreFileError extends Error {}

/**
 * The file holds the cookie secret and password hashes: create it 0600 (its -wal and -shm files
 * take the same mode), and refuse one that group or others can read or write, or a link.
 */
export function guardSqliteFile(file: string): void {
  if (!existsSync(file)) {
    closeSync(openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600));
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(f)) continue;
    const st = lstatSync(f);
    if (!st.isFile()) throw new StoreFileError(`${f} is not a plain file (a link?); point --db or --data at the real database file`);
    if ((st.mode & 0o077) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      throw new StoreFileError(
        `${f} can be read or changed by other accounts (mode ${mode}) and holds the cookie secret and password hashes; ` +
          `fix it with: chmod 600 ${file}*  (and chown it to the account that runs the dashboard)`,
      );
    }
  }
}

export class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Transactions and statements run one after another on the single connection. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly direct: SqlQueryable;

  constructor(file: string) {
    if (file !== ':memory:') {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o750 });
      guardSqliteFile(file);
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.direct = {
      all: async <T extends Row>(sql: string, params: readonly SqlParam[] = []) => this.prepare(sql).all(...params) as T[],
      run: async (sql: string, params: readonly SqlParam[] = []) => this.prepare(sql).run(...params).changes,
      exec: async (sql: string) => void this.db.exec(sql),
    };
  }

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  all<T extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    return this.serial(() => this.direct.all<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlParam[]): Promise<number> {
    return this.serial(() => this.direct.run(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.serial(() => this.direct.exec(sql));
  }

  tx<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}
