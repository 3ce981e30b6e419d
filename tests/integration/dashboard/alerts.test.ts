/**
 * Alerts end to end, on SQLite and PostgreSQL, with real receivers on loopback: an HTTP server for
 * the webhook (HMAC signature checked) and an SMTP server that requires STARTTLS (self-signed
 * certificate pinned by the channel). A failed wipe, wipes that keep failing and a silent PC each
 * alert once until they recover, then send one recovery; nothing about a patron is sent.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { findProgram } from '../../support/programs.js';
import { testOnBothStores } from '../../support/dashboard/both-stores.js';
import { addUser, login, newToken, postReports, testApp, type LoggedIn, type TestApp } from '../../support/dashboard/app.js';
import { failedReport, hourOf, makeBatch, makeReport } from '../../support/dashboard/batches.js';
import { selfSignedCert, smtpReceiver, webhookReceiver } from '../../support/dashboard/receivers.js';
import { ERROR_HELP } from '../../../protocol/error-help.js';
import { removeTree, tempDir } from '../../support/tree.js';
import type { Store } from '../../../dashboard/server/store/store.js';

const HOUR = 3_600_000;
const SMTP = { user: 'alerts@library.test', pass: 'smtp-Pa55word-xyz' };

async function scenario(store: Store): Promise<void> {
  if (!findProgram('openssl')) throw new Error("openssl is needed for the SMTP test server's certificate (apt-get install openssl)");
  const dir = tempDir('tabula-alerts-');
  let clock = Date.now();
  const hook = await webhookReceiver();
  const cert = selfSignedCert(dir);
  const smtp = await smtpReceiver(cert, SMTP);
  let t: TestApp | null = null;
  try {
    t = await testApp({ now: () => clock, alertSweepMs: false, silentAfterHours: 72 }, store);
    const app = t;
    await addUser(store, 'ada', 'admin');
    await addUser(store, 'nora', 'staff', ['north']);
    const token = await newToken(store, 'north');
    await store.nameSite('north', 'North Branch');
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { v: 1, token, agentVersion: '0.1.0', platform: 'linux', pcLabel: 'north-pc-1' },
    });
    const body = res.json() as { deviceId: string; siteId: string; credential: string };
    const pc = { id: body.deviceId, siteId: body.siteId, credential: body.credential };
    const [ada, nora] = [await login(app, 'ada'), await login(app, 'nora')];
    const api = (who: LoggedIn, url: string, payload?: unknown) =>
      app.app.inject({
        method: payload === undefined ? 'GET' : 'POST',
        url: `/api/v1/sites/north/alert-channels${url}`,
        headers: who.headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    assert.equal((await api(nora, '')).statusCode, 403, 'branch staff do not configure alerts');
    assert.equal((await api(ada, '', { kind: 'webhook', url: 'ftp://x.test/' })).statusCode, 400);
    const web = (await api(ada, '', { kind: 'webhook', url: hook.url })).json() as { channel: { id: string }; hmacKey: string };
    assert.match(web.hmacKey, /^whk_/);
    const mail = (
      await api(ada, '', {
        kind: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        user: SMTP.user,
        password: SMTP.pass,
        from: 'tabula@library.test',
        to: ['it@library.test'],
        caFile: cert.certFile,
      })
    ).json() as { channel: { id: string } };
    const listed = (await api(ada, '')).body;
    for (const secret of [web.hmacKey, SMTP.pass, 'secretpart'])
      assert.ok(!listed.includes(secret), 'secrets are never shown back in full');
    assert.match(listed, /••••/);

    for (const id of [web.channel.id, mail.channel.id])
      assert.deepEqual((await api(ada, `/${id}/test`, {})).json(), { ok: true, delivered: true });
    const bad = (
      await api(ada, '', {
        kind: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        user: SMTP.user,
        password: 'wrong',
        from: 'tabula@library.test',
        to: ['it@library.test'],
        caFile: cert.certFile,
      })
    ).json() as { channel: { id: string } };
    assert.deepEqual((await api(ada, `/${bad.channel.id}/test`, {})).json(), { ok: true, delivered: false, code: 'E_ALERT_SMTP' });
    assert.equal((await api(ada, `/${bad.channel.id}/remove`, {})).statusCode, 200);

    const events = () => hook.posts.map((p) => JSON.parse(p.body) as Record<string, unknown>);
    const send = async (reports: ReturnType<typeof makeReport>[]) => {
      assert.equal((await postReports(app, pc, JSON.stringify(makeBatch(pc, reports)))).statusCode, 200);
      await app.app.alerts.idle();
    };
    const perm = [{ category: 'downloads' as const, code: 'E_PERM' as const, count: 1 }];
    await send([failedReport({ hour: hourOf(clock), failures: perm })]);
    await send([failedReport({ hour: hourOf(clock), failures: perm })]);
    await send([failedReport({ hour: hourOf(clock), failures: perm })]);
    clock += HOUR;
    await send([makeReport({ hour: hourOf(clock) })]);
    clock += 73 * HOUR;
    await app.app.alerts.evaluate(null);
    await app.app.alerts.evaluate(null);
    await send([makeReport({ hour: hourOf(clock) })]);

    const seen = events().map((e) => `${String(e.kind)} ${String(e.condition)}`);
    assert.deepEqual(
      seen.slice(0, 3),
      ['test wipe-failed', 'alert wipe-failed', 'alert failing-repeatedly'],
      'one alert per condition, deduplicated',
    );
    assert.deepEqual(seen.slice(3, 5).sort(), ['recovery failing-repeatedly', 'recovery wipe-failed']);
    assert.deepEqual(seen.slice(5), ['alert silent', 'recovery silent']);
    const failed = events()[1]!;
    assert.deepEqual(
      [failed.site, failed.pc, failed.category, failed.code, failed.action],
      [{ id: 'north', name: 'North Branch' }, { id: pc.id, label: 'north-pc-1' }, 'downloads', 'E_PERM', ERROR_HELP.E_PERM.action],
    );
    assert.match(String(failed.text), /Wipe failed on north-pc-1 .* at North Branch \(north\)/);
    for (const post of hook.posts) {
      const sig = String(post.headers['x-tabula-signature']);
      const [, ts, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig) ?? [];
      assert.equal(mac, createHmac('sha256', web.hmacKey).update(`${ts}.${post.body}`).digest('hex'), 'signed with the site key');
      assert.deepEqual(Object.keys(JSON.parse(post.body) as object).sort(), [
        'action',
        'at',
        'category',
        'code',
        'condition',
        'failStreak',
        'kind',
        'meaning',
        'outcome',
        'pc',
        'site',
        'source',
        'text',
      ]);
    }

    assert.equal(smtp.mails.length, hook.posts.length, 'the same messages by e-mail');
    assert.ok(
      smtp.mails.every((m) => m.secure && m.user === SMTP.user && m.to[0] === 'it@library.test'),
      'STARTTLS and login',
    );
    assert.match(smtp.mails[1]!.data, /Subject: \[Tabula\] Wipe failed: north-pc-1 at North Branch/);
  } finally {
    await t?.app.close(); // the store is closed by testOnBothStores
    if (t) removeTree(t.dir);
    await hook.close();
    await smtp.close();
    removeTree(dir);
  }
}

testOnBothStores('alerts: webhook and e-mail, deduplicated, with recoveries', scenario);
