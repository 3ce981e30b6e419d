/**
 * What the patron typed into shells and interactive interpreters, kept by each program in a
 * history file: bash, zsh (and macOS Terminal's per-window zsh/bash sessions), fish, Python's
 * REPL, Node's REPL, less (its search history), psql, MySQL, sqlite3, Vim's viminfo, and
 * PowerShell's PSReadLine history (Windows and PowerShell on Linux/macOS).
 */
import type { CatalogEntry, Location } from '../schema.js';
import { at } from '../location.js';

const HOME_FILES = [
  '.bash_history',
  '.zsh_history',
  '.zhistory',
  '.histfile',
  '.python_history',
  '.node_repl_history',
  '.lesshst',
  '.psql_history',
  '.mysql_history',
  '.sqlite_history',
  '.viminfo',
  '.wget-hsts',
];

const inHome = (names: string[]): Location[] => names.map((n) => at('home', n));

export const histories: CatalogEntry = {
  id: 'histories',
  name: 'Shell and REPL histories',
  kind: 'os',
  processNames: {},
  areas: [
    {
      roots: {
        linux: [
          ...inHome(HOME_FILES),
          at('xdgData', 'fish', 'fish_history'),
          at('home', '.local', 'state', 'lesshst'), // less ≥ 590 follows XDG_STATE_HOME
          at('home', '.local', 'state', 'python_history'),
          at('xdgData', 'powershell', 'PSReadLine'),
        ],
        darwin: [
          ...inHome([...HOME_FILES, '.zsh_sessions', '.bash_sessions']),
          at('home', '.local', 'share', 'fish', 'fish_history'),
          at('home', '.local', 'share', 'powershell', 'PSReadLine'),
        ],
        win32: [
          at('appData', 'Microsoft', 'Windows', 'PowerShell', 'PSReadLine'),
          at('appData', 'postgresql', 'psql_history'),
          ...inHome(['.python_history', '.node_repl_history', '.lesshst', '.bash_history', '.viminfo', '_viminfo']),
        ],
      },
      rules: [],
      keep: [],
      residual: 'histories',
    },
  ],
};
