/** The tray's wording in the library's first language (notice.json), like the staff window's. */
import type { AppStatus, Language, ResultRow } from '../../protocol/app-api.js';
import type { WipeProgressInfo } from '../../protocol/ipc.js';
import { plural } from '../../protocol/plural.js';

export interface TrayStrings {
  tooltipOffline: string;
  tooltipBusy: string;
  tooltipAttention: string;
  tooltipOk: string;
  agentDown: string;
  agent: (running: boolean, version: string) => string;
  dashboard: Record<AppStatus['dashboard'], string>;
  noWipeYet: string;
  lastWipe: (outcome: ResultRow['outcome'], ago: string, items: number) => string;
  ago: { unknown: string; now: string; minutes: (n: number) => string; hours: (n: number) => string; days: (n: number) => string };
  configInvalid: string;
  wiping: (phase: WipeProgressInfo['phase'], done: number, total: number, queued: number) => string;
  notClean: (accounts: number) => string;
  menuWipeNow: string;
  menuStaff: string;
}

const EN_PHASES: Record<WipeProgressInfo['phase'], string> = {
  planning: 'planning',
  moving: 'moving',
  deleting: 'deleting',
  counting: 'counting',
  verifying: 'verifying',
};
const ES_PHASES: Record<WipeProgressInfo['phase'], string> = {
  planning: 'preparando',
  moving: 'apartando',
  deleting: 'eliminando',
  counting: 'contando',
  verifying: 'comprobando',
};
const EN_OUTCOMES: Record<ResultRow['outcome'], string> = {
  clean: 'clean',
  partial: 'PARTIAL — check the staff window',
  failed: 'FAILED',
  refused: 'REFUSED',
};
const ES_OUTCOMES: Record<ResultRow['outcome'], string> = {
  clean: 'limpio',
  partial: 'PARCIAL — mire la ventana del personal',
  failed: 'FALLIDO',
  refused: 'RECHAZADO',
};

export const TRAY_STRINGS: Record<Language, TrayStrings> = {
  en: {
    tooltipOffline: 'Tabula: the agent service is not running',
    tooltipBusy: 'Tabula: wiping…',
    tooltipAttention: 'Tabula: needs attention',
    tooltipOk: 'Tabula: this PC is clean',
    agentDown: 'Agent: not running — wipes cannot happen',
    agent: (running, v) => `Agent: ${running ? 'running' : 'starting'}${v ? ` (v${v})` : ''}`,
    dashboard: {
      'not-enrolled': 'Dashboard: not enrolled',
      unknown: 'Dashboard: nothing sent yet',
      connected: 'Dashboard: connected',
      disconnected: 'Dashboard: not reachable (counts wait, sent later)',
    },
    noWipeYet: 'Last wipe: none yet',
    lastWipe: (outcome, ago, items) => `Last wipe: ${EN_OUTCOMES[outcome]}, ${ago} (${plural(items, 'item')})`,
    ago: {
      unknown: 'at an unknown time',
      now: 'just now',
      minutes: (n) => `${n} min ago`,
      hours: (n) => `${n} h ago`,
      days: (n) => `${n} d ago`,
    },
    configInvalid: 'Configuration: invalid file, last good one in use',
    wiping: (phase, done, total, queued) => `Wiping: ${EN_PHASES[phase]} ${done}/${total}${queued > 0 ? `, ${queued} queued` : ''}`,
    notClean: (n) => `Not yet clean: ${plural(n, 'account')}`,
    menuWipeNow: 'Wipe now…',
    menuStaff: 'Staff window…',
  },
  es: {
    tooltipOffline: 'Tabula: el servicio del agente no funciona',
    tooltipBusy: 'Tabula: borrando…',
    tooltipAttention: 'Tabula: requiere atención',
    tooltipOk: 'Tabula: este equipo está limpio',
    agentDown: 'Agente: no funciona — no se puede borrar nada',
    agent: (running, v) => `Agente: ${running ? 'en marcha' : 'iniciándose'}${v ? ` (v${v})` : ''}`,
    dashboard: {
      'not-enrolled': 'Panel central: equipo no inscrito',
      unknown: 'Panel central: nada enviado todavía',
      connected: 'Panel central: conectado',
      disconnected: 'Panel central: sin conexión (los recuentos esperan)',
    },
    noWipeYet: 'Último borrado: ninguno todavía',
    lastWipe: (outcome, ago, items) => `Último borrado: ${ES_OUTCOMES[outcome]}, ${ago} (${plural(items, 'elemento')})`,
    ago: {
      unknown: 'en un momento desconocido',
      now: 'ahora mismo',
      minutes: (n) => `hace ${n} min`,
      hours: (n) => `hace ${n} h`,
      days: (n) => `hace ${n} d`,
    },
    configInvalid: 'Configuración: archivo no válido, se usa la última correcta',
    wiping: (phase, done, total, queued) => `Borrando: ${ES_PHASES[phase]} ${done}/${total}${queued > 0 ? `, ${queued} en cola` : ''}`,
    notClean: (n) => `Sin limpiar todavía: ${plural(n, 'cuenta')}`,
    menuWipeNow: 'Borrar ahora…',
    menuStaff: 'Ventana del personal…',
  },
};
