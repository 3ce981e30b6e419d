/**
 * What a database error code means for the person running `tabula-dashboard`, and what to do.
 * Only the code is ever used: a driver's message may hold the connection URL and its password.
 */
const EXPLAINED: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections at the host and port in --db; start PostgreSQL or fix the port',
  ENOTFOUND: 'the host name in --db is not known; check it',
  EAI_AGAIN: 'the host name in --db could not be looked up right now; check DNS and try again',
  ETIMEDOUT: 'the database server in --db did not answer in time; check the host, the port and any firewall',
  EHOSTUNREACH: 'the database host in --db cannot be reached; check the network',
  '28P01': 'PostgreSQL refused the password of the user in --db',
  '28000':
    'PostgreSQL refused this user for this database (no such role, or no pg_hba.conf line allows it); check the user in --db and pg_hba.conf',
  '3D000': 'the database named in --db does not exist; create it first (createdb NAME)',
  '42501': "the user in --db may not create the dashboard's tables; grant it CREATE on the database, or make it the owner",
  '53300': 'PostgreSQL has no free connection slots; try again later or raise max_connections',
  '57P03': 'PostgreSQL is starting up or shutting down; try again in a moment',
  SQLITE_CANTOPEN:
    'the SQLite file cannot be opened; check that its folder exists and this user may write there (--db sqlite:PATH or --data DIR)',
  SQLITE_READONLY: "the SQLite file is read-only for this user; run as the dashboard's user or fix its permissions",
  SQLITE_NOTADB: "the file in --db is not a SQLite database; give a new file name or the dashboard's own file",
  SQLITE_CORRUPT: 'the SQLite file is damaged; restore it from a backup',
  SQLITE_FULL: 'the disk holding the SQLite file is full; free space and try again',
  SQLITE_BUSY: 'another program holds a lock on the SQLite file; stop it or try again',
  EACCES: "this user may not create or open the data folder; run as the dashboard's user or give --data DIR",
  ENOSPC: 'the disk is full; free space and try again',
};

export function explainDbError(code: string): string | undefined {
  return EXPLAINED[code];
}
