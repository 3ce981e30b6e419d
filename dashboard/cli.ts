#!/usr/bin/env node
/**
 * `tabula-dashboard`: the central dashboard (issue 4).
 *   serve [--db URL] [--data DIR] [--port N] [--host ADDR]   run the server (default SQLite in DIR)
 *   user add NAME --role admin|staff [--site ID...]         password from stdin (--password-stdin)
 *   user remove NAME | user list [--json]                   end an account (and its sessions); list them
 *   token create --site ID [--uses N] [--expires-hours H]   prints the enrollment token alone
 *   token list [--json] | token revoke --id ID              active tokens (ids, not tokens); end one
 *   device revoke --device ID                               refuse the PC's credential from now on
 *   stats [--json]                                          totals: devices, wipes, failures
 *   purge [--retention-days N]                              drop hourly rows older than N days (400)
 *   site name --site ID --name TEXT | --clear               the site's display name
 *   alert add|list|remove|test                              alert channels per site (webhook, e-mail)
 */
import { CommandFailure, parseArgs, UsageError } from './cli/args.js';
import { deviceRevoke, purge, serve, stats, tokenCreate, tokenList, tokenRevoke, userAdd, userList, userRemove } from './cli/commands.js';
import { alertAdd, alertList, alertRemove, alertTest, siteName } from './cli/alert-commands.js';
import { explainDbError } from './cli/db-errors.js';
import { DbUrlError } from './server/store/open-store.js';
import { StoreFileError } from './server/store/sqlite-db.js';

const COMMON = { db: true, data: true, help: false };
const COMMANDS: Record<string, { spec: Record<string, boolean>; run: typeof serve }> = {
  serve: {
    spec: {
      ...COMMON,
      port: true,
      host: true,
      'retention-days': true,
      'silent-hours': true,
      'insecure-cookies': false,
      'trust-proxy': false,
      'public-origin': true,
      log: false,
    },
    run: serve,
  },
  'user add': { spec: { ...COMMON, role: true, site: true, 'password-stdin': false }, run: userAdd },
  'user remove': { spec: COMMON, run: userRemove },
  'user list': { spec: { ...COMMON, json: false }, run: userList },
  'token create': { spec: { ...COMMON, site: true, uses: true, 'expires-hours': true }, run: tokenCreate },
  'token list': { spec: { ...COMMON, json: false }, run: tokenList },
  'token revoke': { spec: { ...COMMON, id: true }, run: tokenRevoke },
  'device revoke': { spec: { ...COMMON, device: true }, run: deviceRevoke },
  stats: { spec: { ...COMMON, json: false }, run: stats },
  purge: { spec: { ...COMMON, json: false, 'retention-days': true }, run: purge },
  'site name': { spec: { ...COMMON, site: true, name: true, clear: false }, run: siteName },
  'alert add': {
    spec: {
      ...COMMON,
      site: true,
      webhook: true,
      email: true,
      'smtp-host': true,
      'smtp-port': true,
      'smtp-from': true,
      'smtp-user': true,
      'smtp-ca': true,
      'password-stdin': false,
    },
    run: alertAdd,
  },
  'alert list': { spec: { ...COMMON, json: false }, run: alertList },
  'alert remove': { spec: { ...COMMON, id: true }, run: alertRemove },
  'alert test': { spec: { ...COMMON, id: true }, run: alertTest },
};

const USAGE = `usage: tabula-dashboard <command> [options]
  serve [--db URL] [--data DIR] [--port N] [--host ADDR] [--retention-days N] [--silent-hours N]
        [--insecure-cookies] [--trust-proxy] [--public-origin URL] [--log]
  user add NAME --role admin|staff [--site ID...] [--password-stdin]
  user remove NAME
  user list [--json]
  token create --site ID [--uses N] [--expires-hours H]
  token list [--json]
  token revoke --id ID
  device revoke --device ID
  stats [--json]
  purge [--retention-days N] [--json]
  site name --site ID (--name TEXT | --clear)
  alert add --site ID --webhook URL                      prints the HMAC key once
  alert add --site ID --email ADDRESS... --smtp-host HOST [--smtp-port 587] --smtp-from ADDRESS
            [--smtp-user USER --password-stdin] [--smtp-ca FILE]   (STARTTLS is required)
  alert list [--json] | alert remove --id ID | alert test --id ID
  --db: sqlite:PATH or postgres://USER@HOST/DB (default: sqlite in --data, /var/lib/tabula-dashboard)
`;

async function main(argv: string[]): Promise<number> {
  const two = `${argv[0] ?? ''} ${argv[1] ?? ''}`;
  const name = COMMANDS[two] ? two : (argv[0] ?? '');
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(USAGE);
    return name === '--help' || name === 'help' ? 0 : 2;
  }
  try {
    const args = parseArgs(argv.slice(name.split(' ').length), command.spec);
    if (args.flags.has('help')) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (name !== 'user add' && name !== 'user remove' && args.positional.length > 0) throw new UsageError('unexpected argument');
    await command.run(args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DbUrlError) {
      process.stderr.write(`tabula-dashboard: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof CommandFailure || error instanceof StoreFileError) {
      process.stderr.write(`tabula-dashboard: ${error.message}\n`);
      return 1;
    }
    // The code only: a driver's message may contain the connection URL and its password.
    const code = (error as { code?: unknown }).code;
    const known = typeof code === 'string' ? code : (error as Error).name;
    const why = typeof code === 'string' ? explainDbError(code) : undefined;
    process.stderr.write(`tabula-dashboard: ${name} failed${why ? `: ${why}` : ''} (${known})\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
