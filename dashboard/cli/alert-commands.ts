/** `tabula-dashboard alert add|list|remove|test` and `site name`: alert channels and site display names from the shell. */
import { SiteId } from '../../protocol/report.js';
import { Alerter } from '../server/alerts/alerter.js';
import { channelView, ChannelError, checkTarget, newChannelId, newHmacKey, type ChannelTarget } from '../server/alerts/channels.js';
import { DeliveryError } from '../server/alerts/send.js';
import { Metrics } from '../server/metrics.js';
import { Value } from '@sinclair/typebox/value';
import { SiteName } from '../api/schema.js';
import { CommandFailure, flag, intFlag, UsageError, type ParsedArgs } from './args.js';
import { readStdin, withStore } from './commands.js';

const SITE = new RegExp(SiteId.pattern as string);
const CHANNEL = /^ach_[0-9a-f]{16}$/;

function site(args: ParsedArgs, usage: string): string {
  const id = flag(args, 'site');
  if (!id || !SITE.test(id)) throw new UsageError(usage);
  return id;
}

export async function siteName(args: ParsedArgs): Promise<void> {
  const id = site(args, 'site name --site ID (--name TEXT | --clear)');
  const name = flag(args, 'clear') ? null : flag(args, 'name');
  if (name === undefined || (name !== null && !Value.Check(SiteName, name)))
    throw new UsageError('--name: 1 to 80 printable characters, no < or > (or --clear)');
  if (!(await withStore(args, (store) => store.nameSite(id, name)))) throw new CommandFailure(`no site ${id}`);
  process.stderr.write(`tabula-dashboard: site ${id} ${name === null ? 'has no display name now' : `is shown as "${name}"`}\n`);
}

export async function alertAdd(args: ParsedArgs): Promise<void> {
  const id = site(args, 'alert add --site ID (--webhook URL | --email ADDRESS... --smtp-host HOST ...)');
  const webhook = flag(args, 'webhook');
  const to = args.flags.get('email') ?? [];
  if ((webhook === undefined) === (to.length === 0))
    throw new UsageError('alert add takes either --webhook URL or --email ADDRESS (repeatable)');
  let target: ChannelTarget;
  let secret: string | null;
  try {
    if (webhook !== undefined) {
      target = checkTarget({ kind: 'webhook', url: webhook });
      secret = newHmacKey();
    } else {
      const host = flag(args, 'smtp-host');
      const from = flag(args, 'smtp-from');
      if (!host || !from) throw new UsageError('--email needs --smtp-host HOST and --smtp-from ADDRESS');
      const user = flag(args, 'smtp-user');
      const caFile = flag(args, 'smtp-ca');
      target = checkTarget({
        kind: 'email',
        host,
        port: intFlag(args, 'smtp-port', 587, 1, 65_535),
        from,
        to,
        ...(user === undefined ? {} : { user }),
        ...(caFile === undefined ? {} : { caFile }),
      });
      if (user !== undefined && !flag(args, 'password-stdin'))
        throw new UsageError('--smtp-user needs --password-stdin (the SMTP password on standard input)');
      secret = user === undefined ? null : await readStdin();
    }
  } catch (error) {
    if (error instanceof ChannelError) throw new UsageError(error.message);
    throw error;
  }
  const record = { id: newChannelId(), siteId: id, target, secret, createdAt: Date.now() };
  await withStore(args, (store) => store.addAlertChannel(record));
  process.stderr.write(`tabula-dashboard: alert channel ${record.id} (${target.kind}) added to site ${id}\n`);
  // The HMAC key goes to stdout, alone, this once: the receiver needs it to check signatures.
  if (target.kind === 'webhook') process.stdout.write(`${secret}\n`);
}

export async function alertList(args: ParsedArgs): Promise<void> {
  const channels = (await withStore(args, (store) => store.alertChannels(null))).map(channelView);
  if (flag(args, 'json')) process.stdout.write(`${JSON.stringify(channels)}\n`);
  else
    for (const c of channels)
      process.stdout.write(`${c.id}\t${c.siteId}\t${c.kind}\t${'url' in c ? c.url : `${c.to.join(',')} via ${c.host}:${c.port}`}\n`);
}

function channelId(args: ParsedArgs, verb: string): string {
  const id = flag(args, 'id');
  if (!id || !CHANNEL.test(id)) throw new UsageError(`alert ${verb} --id ID (ach_ and 16 hex digits, from alert list)`);
  return id;
}

export async function alertRemove(args: ParsedArgs): Promise<void> {
  const id = channelId(args, 'remove');
  if (!(await withStore(args, (store) => store.removeAlertChannel(id)))) throw new CommandFailure(`no alert channel ${id}`);
  process.stderr.write(`tabula-dashboard: alert channel ${id} removed\n`);
}

export async function alertTest(args: ParsedArgs): Promise<void> {
  const id = channelId(args, 'test');
  const code = await withStore(args, async (store) => {
    const channel = (await store.alertChannels(null)).find((c) => c.id === id);
    if (!channel) throw new CommandFailure(`no alert channel ${id}`);
    const name = (await store.overview([channel.siteId], { now: Date.now(), silentAfterMs: 1, days: 1 })).sites[0]?.name ?? null;
    const alerter = new Alerter({ store, metrics: new Metrics(), now: Date.now, silentAfterMs: 1 });
    try {
      await alerter.test(channel, name);
      return null;
    } catch (error) {
      return error instanceof DeliveryError ? error.code : 'E_ALERT_NETWORK';
    }
  });
  if (code)
    throw new CommandFailure(`the test alert through ${id} was not delivered (${code}): check the address, port, login and certificate`);
  process.stderr.write(`tabula-dashboard: test alert delivered through ${id}\n`);
}
