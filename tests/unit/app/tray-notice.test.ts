import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppStatus } from '../../../protocol/app-api.js';
import { trayState } from '../../../main/app/tray-state.js';
import { DEFAULT_NOTICE, languageOf, noticeFrom } from '../../../main/app/notice-config.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const base: AppStatus = {
  agent: 'connected',
  ready: true,
  version: '0.1.0',
  current: null,
  queued: 0,
  dirty: 0,
  configErrors: 0,
  dashboard: 'unknown',
  last: {
    at: '2025-01-01T11:55:00Z',
    trigger: 'logout',
    outcome: 'clean',
    items: 42,
    bytes: 1000,
    seconds: 0.4,
    failures: 0,
    remaining: 0,
  },
  staff: { unlocked: false, expiresInSec: 0 },
};

test('tray: ok, busy, attention, offline', () => {
  const ok = trayState(base, NOW);
  assert.equal(ok.level, 'ok');
  assert.ok(ok.lines.includes('Last wipe: clean, 5 min ago (42 items)'));
  assert.equal(ok.wipeNowEnabled, true);
  const busy = trayState({ ...base, current: { trigger: 'manual', phase: 'moving', done: 3, total: 9, queued: 1 } }, NOW);
  assert.equal(busy.level, 'busy');
  assert.equal(busy.lines[0], 'Wiping: moving 3/9, 1 queued');
  assert.equal(busy.wipeNowEnabled, false);
  assert.equal(trayState({ ...base, last: { ...base.last!, outcome: 'partial' } }, NOW).level, 'attention');
  assert.equal(trayState({ ...base, dirty: 1 }, NOW).level, 'attention');
  assert.equal(trayState({ ...base, configErrors: 2 }, NOW).level, 'attention');
  assert.equal(trayState({ ...base, ready: false }, NOW).wipeNowEnabled, false);
  const off = trayState({ ...base, agent: 'unavailable' }, NOW);
  assert.equal(off.level, 'offline');
  assert.equal(off.wipeNowEnabled, false);
  assert.equal(trayState({ ...base, last: null }, NOW).lines[2], 'Last wipe: none yet');
});

test('tray in Spanish: every line, tooltip and menu label', () => {
  const ok = trayState(base, NOW, 'es');
  assert.deepEqual(ok.lines, [
    'Agente: en marcha (v0.1.0)',
    'Panel central: nada enviado todavía',
    'Último borrado: limpio, hace 5 min (42 elementos)',
  ]);
  assert.equal(ok.tooltip, 'Tabula: este equipo está limpio');
  assert.deepEqual(ok.menu, { wipeNow: 'Borrar ahora…', staff: 'Ventana del personal…' });
  const busy = trayState({ ...base, current: { trigger: 'manual', phase: 'moving', done: 3, total: 9, queued: 1 } }, NOW, 'es');
  assert.equal(busy.lines[0], 'Borrando: apartando 3/9, 1 en cola');
  assert.equal(busy.tooltip, 'Tabula: borrando…');
  const bad = trayState({ ...base, dirty: 2, configErrors: 1, last: { ...base.last!, outcome: 'partial' } }, NOW, 'es');
  assert.equal(bad.tooltip, 'Tabula: requiere atención');
  assert.deepEqual(bad.lines.slice(2), [
    'Último borrado: PARCIAL — mire la ventana del personal, hace 5 min (42 elementos)',
    'Configuración: archivo no válido, se usa la última correcta',
    'Sin limpiar todavía: 2 cuentas',
  ]);
  assert.deepEqual(trayState({ ...base, agent: 'unavailable' }, NOW, 'es').lines, ['Agente: no funciona — no se puede borrar nada']);
  assert.equal(trayState(base, NOW).menu.wipeNow, 'Wipe now…', 'English by default');
  const one = trayState({ ...base, dirty: 1, last: { ...base.last!, items: 1 } }, NOW, 'es').lines;
  assert.ok(
    one.includes('Sin limpiar todavía: 1 cuenta') && one.includes('Último borrado: limpio, hace 5 min (1 elemento)'),
    one.join(' | '),
  );
  const oneEn = trayState({ ...base, dirty: 1, last: { ...base.last!, items: 1 } }, NOW).lines;
  assert.ok(oneEn.includes('Not yet clean: 1 account') && oneEn.includes('Last wipe: clean, 5 min ago (1 item)'), oneEn.join(' | '));
});

test('tray: the dashboard line for each link state; a dashboard outage alone is no alarm', () => {
  const line = (dashboard: AppStatus['dashboard']) => trayState({ ...base, dashboard }, NOW).lines[1];
  assert.equal(line('connected'), 'Dashboard: connected');
  assert.equal(line('disconnected'), 'Dashboard: not reachable (counts wait, sent later)');
  assert.equal(line('not-enrolled'), 'Dashboard: not enrolled');
  assert.equal(line('unknown'), 'Dashboard: nothing sent yet');
  assert.equal(trayState({ ...base, dashboard: 'disconnected' }, NOW).level, 'ok', 'the PC is still wiped clean');
});

test('notice: defaults, locale, validation', () => {
  assert.deepEqual(noticeFrom(undefined).notice, DEFAULT_NOTICE);
  assert.equal(noticeFrom(undefined, 'es-419').notice.language, 'es');
  assert.equal(noticeFrom({ language: 'en' }, 'es-MX').notice.language, 'en', 'a configured language wins');
  assert.equal(noticeFrom({ languages: ['en'] }, 'es-MX').notice.language, 'en', 'only offered languages');
  const good = noticeFrom({ libraryName: 'Riverside', policyText: { es: 'Hola' }, policyUrl: 'https://x.example/p', idleMinutes: 10 });
  assert.deepEqual(good.problems, []);
  assert.equal(good.notice.libraryName, 'Riverside');
  assert.equal(good.notice.policyUrl, 'https://x.example/p');
  for (const bad of [
    { policyUrl: 'http://x' },
    { policyUrl: 'javascript:alert(1)' },
    { languages: ['fr'] },
    { extra: 1 },
    { idleMinutes: 0 },
    'x',
  ]) {
    const r = noticeFrom(bad);
    assert.ok(r.problems.length > 0, JSON.stringify(bad));
    assert.deepEqual(r.notice, DEFAULT_NOTICE);
  }
  assert.equal(languageOf('fr-FR', ['en', 'es']), undefined);
});
