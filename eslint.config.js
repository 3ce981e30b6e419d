// Lint rules, including the dependency direction of docs/architecture.md:
// protocol/ imports nothing of ours; main/agent imports protocol/ only, each of its folders only from
// the floors below it; renderer/ and dashboard/ import protocol/ only (dashboard/web: types only,
// from protocol/ and dashboard/api); nothing imports tests/, scripts/ or build/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const never = ['**/tests/**', '**/scripts/**', '**/build/**'];
const agentNever = [...never, '**/main/app/**', '**/app/**', '**/preload/**', '**/renderer/**', '**/dashboard/**', 'electron'];
/** The agent's floors, lowest first (docs/architecture.md, "The agent's floors"). */
const AGENT_FLOORS = ['base', 'catalog', 'log', 'session', 'wipe', 'outside', 'config', 'ipc', 'report', 'job', 'service', 'cli'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tabula-demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      ...restrict(never, 'Nothing imports tests/, scripts/ or build/.'),
    },
  },
  {
    files: ['protocol/**/*.ts'],
    rules: restrict(
      [...never, '**/main/**', '**/dashboard/**', '**/renderer/**', 'node:*', 'electron'],
      'protocol/ is pure contracts: it imports nothing of ours and does no I/O.',
    ),
  },
  {
    files: ['main/agent/**/*.ts', 'main/cli.ts', 'main/service.ts'],
    rules: restrict(agentNever, 'main/agent is privileged plain Node: it imports protocol/ and node: only, never electron.'),
  },
  // The agent's floors (docs/architecture.md), lowest first: a folder imports only from floors
  // below it (and from itself). One list; each folder's rule names the floors above it.
  ...AGENT_FLOORS.map((folder, i) => ({
    files: [`main/agent/${folder}/**/*.ts`],
    rules: restrict(
      [
        ...agentNever,
        ...AGENT_FLOORS.slice(i + 1).map((above) => `**/agent/${above}/**`),
        ...AGENT_FLOORS.slice(i + 1).map((above) => `../${above}/**`),
        ...AGENT_FLOORS.slice(i + 1).map((above) => `../../${above}/**`),
      ],
      `main/agent/${folder}/ is on floor ${i + 1} of ${AGENT_FLOORS.length} (${AGENT_FLOORS.join(' < ')}): it imports only from the floors below it.`,
    ),
  })),
  {
    files: ['main/app/**/*.ts', 'main/preload/**/*.ts'],
    rules: restrict(
      [...never, '**/agent/**', '**/dashboard/**', '**/renderer/**'],
      'The app talks to the agent over IPC, not by import; it imports protocol/ only.',
    ),
  },
  {
    // Raw ipcMain / ipcRenderer only in their one wrapper each; the app/preload layering above still applies.
    files: ['main/app/**/*.ts', 'main/preload/**/*.ts'],
    ignores: ['main/app/ipc-main-wrapper.ts', 'main/preload/ipc-renderer-wrapper.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...never, '**/agent/**', '**/dashboard/**', '**/renderer/**'],
              message: 'The app talks to the agent over IPC, not by import; it imports protocol/ only.',
            },
          ],
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer', 'default'],
              message: 'Use main/app/ipc-main-wrapper.ts or main/preload/ipc-renderer-wrapper.ts, never raw ipcMain/ipcRenderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: restrict(
      [...never, '**/main/**', '**/dashboard/**', 'node:*', 'electron'],
      'renderer/ sees only types from protocol/ and talks through window.tabula.',
    ),
  },
  {
    files: ['dashboard/**/*.{ts,mts}'],
    rules: restrict([...never, '**/main/**', '**/renderer/**', 'electron'], 'dashboard/ imports protocol/ only.'),
  },
  {
    // The web UI runs in the browser: nothing of the server or the CLI, and from the API schema,
    // TypeBox and protocol/ types only (`import type`), so no TypeBox code is shipped to it.
    files: ['dashboard/web/**/*.mts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...never, '**/main/**', '**/renderer/**', 'electron', '**/server/**', '**/cli/**', 'node:*'],
              message: 'dashboard/web runs in the browser: it imports no server, CLI or Node module.',
            },
            {
              group: ['**/api/**', '**/protocol/**', '@sinclair/typebox', '@sinclair/typebox/*'],
              allowTypeImports: true,
              message:
                'dashboard/web imports only types from dashboard/api and protocol/ (`import type`): no TypeBox code goes to the browser.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.{js,mjs,ts}'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
