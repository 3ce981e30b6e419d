/**
 * The tiny database surface the SQL store needs, implemented once for SQLite (better-sqlite3)
 * and once for PostgreSQL (pg). SQL is written with `?` placeholders; the PostgreSQL adapter
 * numbers them. Every statement of the dashboard lives under store/.
 */
export type SqlParam = string | number | null;
export type SqlDialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

export interface SqlQueryable {
  all<T extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDb extends SqlQueryable {
  readonly dialect: SqlDialect;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** pg returns BIGINT and SUM() as strings; SQLite returns numbers. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

export function placeholders(count: number, width: number): string {
  const one = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  return Array.from({ length: count }, () => one).join(', ');
}
