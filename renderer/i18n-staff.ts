/**
 * The staff window's wording, per language (the library's first language, from notice()).
 * Every function takes already formatted text (numbers, sizes and dates are formatted by
 * format.ts with the language's locale), so a template is plain words around its arguments.
 */
import type { CategoryId } from '../protocol/categories.js';
import type { ErrorCode } from '../protocol/error-codes.js';
import type { AppStatus, Language, ProgressEvent, ResultRow } from '../protocol/app-api.js';

/** Fixed texts of staff.html, set on the elements that carry `data-i18n="key"`. */
export const PAGE_KEYS = [
  'title',
  'heading',
  'checking',
  'unlockTitle',
  'pinLabel',
  'unlock',
  'actionsTitle',
  'wipeNow',
  'endSession',
  'preview',
  'lock',
  'testWipe',
  'helpWipeNow',
  'helpEndSession',
  'helpPreview',
  'progressLabel',
  'resultTitle',
  'byCategory',
  'colCategory',
  'colItems',
  'colSize',
  'historyTitle',
  'historyNote',
  'historyCaption',
  'colWhen',
  'colTrigger',
  'colOutcome',
  'colSeconds',
  'colProblems',
] as const;
export type PageKey = (typeof PAGE_KEYS)[number];

export interface StaffStrings {
  page: Record<PageKey, string>;
  pinShort: string;
  pinWrong: string;
  /** While the agent refuses PINs: counts down every second. */
  pinLocked: (seconds: string) => string;
  pinAgain: string;
  agentDown: string;
  /** `version` is '' when unknown. */
  agentRunning: (version: string) => string;
  lastWipe: (outcome: string, items: string) => string;
  noWipeYet: string;
  /** The link to the library system's dashboard (anonymous counts only). */
  dashboard: Record<AppStatus['dashboard'], string>;
  noWipes: string;
  starting: string;
  done: string;
  loggingOut: string;
  confirmEnd: string;
  wipeNotDone: string;
  sessionNotEnded: string;
  previewNotAvailable: string;
  wipeFinished: (outcome: string) => string;
  resultSummary: (items: string, size: string, seconds: string) => string;
  problems: (count: string) => string;
  /** Areas a wipe could not check (never said to be clean). */
  notChecked: (areas: string) => string;
  scopeAreas: Record<string, string>;
  nothingLeft: string;
  erasedByCategory: string;
  previewTitle: string;
  previewSummary: (items: string, size: string) => string;
  wouldEraseByCategory: string;
  /** The progress bar's spoken value. */
  percent: (pct: string, text: string) => string;
  progressCount: (done: string, total: string) => string;
  progressQueued: (queued: string) => string;
  phases: Record<ProgressEvent['phase'], string>;
  categories: Record<CategoryId, string>;
  triggers: Record<ResultRow['trigger'], string>;
  outcomes: Record<ResultRow['outcome'], string>;
  /** Short texts for the codes the staff window can meet; others use `errorOther`. */
  errors: Partial<Record<ErrorCode, string>>;
  errorOther: (code: string) => string;
}

/** Whether a count (formatted by num(), as these texts get it) is one: 1 reads "1" in English and Spanish. */
const one = (n: string | number): boolean => String(n) === '1';

const en: StaffStrings = {
  page: {
    title: 'Tabula — staff',
    heading: 'Tabula — staff',
    checking: 'Checking the agent service…',
    unlockTitle: 'Unlock',
    pinLabel: 'Staff PIN',
    unlock: 'Unlock',
    actionsTitle: 'Wipe this computer',
    wipeNow: 'Wipe now',
    endSession: 'End session and wipe',
    preview: 'Test wipe (preview)',
    lock: 'Lock',
    testWipe: 'Test wipe',
    helpWipeNow:
      "closes the browsers and erases the patron's browsing data and files; the session stays open, so settings are not reset to the library's set-up (End session and wipe does that).",
    helpEndSession: 'logs the patron out, then erases everything and, where IT captured a baseline, resets the account to it.',
    helpPreview: 'only counts what a wipe would erase; nothing is deleted.',
    progressLabel: 'Wipe progress',
    resultTitle: 'Result',
    byCategory: 'By category',
    colCategory: 'Category',
    colItems: 'Items',
    colSize: 'Size',
    historyTitle: 'Last 20 wipes on this computer',
    historyNote: 'Time, trigger, outcome and counts only. Nothing about the patron is kept.',
    historyCaption: 'Last wipes, newest first',
    colWhen: 'When',
    colTrigger: 'Trigger',
    colOutcome: 'Outcome',
    colSeconds: 'Seconds',
    colProblems: 'Problems',
  },
  pinShort: 'Enter the staff PIN (at least 4 characters).',
  pinWrong: 'Wrong PIN. Try again.',
  pinLocked: (s) => `Too many wrong PINs. Locked — try again in ${s} s.`,
  pinAgain: 'You can try the PIN again.',
  agentDown: 'Agent service: NOT RUNNING — wipes cannot happen. Call IT.',
  agentRunning: (v) => `Agent service: running${v ? ` (v${v})` : ''}.`,
  lastWipe: (outcome, items) => `Last wipe: ${outcome}, ${items} ${one(items) ? 'item' : 'items'}.`,
  noWipeYet: 'No wipe yet.',
  dashboard: {
    'not-enrolled': 'Dashboard: this computer is not enrolled.',
    unknown: 'Dashboard: nothing sent yet.',
    connected: 'Dashboard: connected.',
    disconnected: 'Dashboard: not reachable; the counts wait here and are sent later.',
  },
  noWipes: 'No wipes yet.',
  starting: 'Starting…',
  done: 'Done.',
  loggingOut: 'Logging the patron out; the wipe follows.',
  confirmEnd: 'Log the patron out now and erase the session?',
  wipeNotDone: 'Wipe not done',
  sessionNotEnded: 'Session not ended',
  previewNotAvailable: 'Test wipe not available',
  wipeFinished: (outcome) => `Wipe finished: ${outcome}`,
  resultSummary: (items, size, seconds) => `${items} ${one(items) ? 'item' : 'items'} (${size}) erased in ${seconds} s.`,
  problems: (n) => `${n} ${one(n) ? 'item' : 'items'} could not be erased: see the log.`,
  notChecked: (areas) => `Not checked: ${areas} (call IT; wipe again once it works).`,
  scopeAreas: { home: 'the patron folder', owned: 'shared folders', 'print-jobs': 'print jobs' },
  nothingLeft: 'Nothing is left.',
  erasedByCategory: 'Erased, by category',
  previewTitle: 'Test wipe: nothing was deleted',
  previewSummary: (items, size) => `A wipe now would erase ${items} ${one(items) ? 'item' : 'items'} (${size}).`,
  wouldEraseByCategory: 'Would be erased, by category',
  percent: (pct, text) => `${pct} percent. ${text}`,
  progressCount: (done, total) => `: ${done} of ${total} ${one(total) ? 'item' : 'items'}`,
  progressQueued: (n) => ` (${n} more queued)`,
  phases: {
    planning: 'Finding what to erase',
    moving: 'Making the data unreachable',
    deleting: 'Deleting',
    counting: 'Counting',
    verifying: 'Verifying that nothing is left',
  },
  categories: {
    history: 'Browsing history',
    cookies: 'Cookies',
    cache: 'Browser cache',
    sessions: 'Open tabs and sessions',
    'site-data': 'Site data',
    'form-data': 'Form entries',
    passwords: 'Saved passwords',
    'downloads-history': 'Download list',
    downloads: 'Downloads folder',
    desktop: 'Desktop',
    documents: 'Documents',
    temp: 'Temporary files',
    recent: 'Recent files',
    thumbnails: 'Thumbnails',
    trash: 'Trash',
    'app-data': 'Other app data',
    histories: 'Typed commands (shell histories)',
    credentials: 'Saved logins and keys',
    'print-jobs': 'Print jobs',
  },
  triggers: { logout: 'Log out', idle: 'Idle', manual: 'Staff', schedule: 'Schedule', recovery: 'Recovery', boot: 'Start-up' },
  outcomes: { clean: 'Clean', partial: 'Partial', failed: 'Failed', refused: 'Refused' },
  errors: {
    E_FORBIDDEN: 'Not allowed. Unlock with the staff PIN first.',
    E_LOCKED: 'Staff PIN entry is locked for a while after too many wrong PINs.',
    E_NO_STAFF_PIN: 'No staff PIN is set on this computer yet. Call IT: they set one with "tabula staff set-pin".',
    E_AGENT_UNAVAILABLE: 'The Tabula agent service is not running. Call IT: wipes cannot happen until it runs.',
    E_NOT_PATRON: 'This account is not a patron account; Tabula does not wipe it.',
    E_UNSUPPORTED: 'Not available on this computer yet.',
    E_BAD_REQUEST: 'The request was refused as malformed.',
    E_INTERNAL: 'Something went wrong inside Tabula. Call IT; the log has the details.',
  },
  errorOther: (code) => `The wipe could not be done (${code}).`,
};

const es: StaffStrings = {
  page: {
    title: 'Tabula — personal',
    heading: 'Tabula — personal',
    checking: 'Comprobando el servicio del agente…',
    unlockTitle: 'Desbloquear',
    pinLabel: 'PIN del personal',
    unlock: 'Desbloquear',
    actionsTitle: 'Borrar esta computadora',
    wipeNow: 'Borrar ahora',
    endSession: 'Cerrar sesión y borrar',
    preview: 'Prueba de borrado (vista previa)',
    lock: 'Bloquear',
    testWipe: 'Prueba de borrado',
    helpWipeNow:
      'cierra los navegadores y borra los datos de navegación y los archivos del usuario; la sesión sigue abierta, así que la configuración no vuelve a la de la biblioteca (eso lo hace Cerrar sesión y borrar).',
    helpEndSession: 'cierra la sesión del usuario y después lo borra todo y, si TI capturó una base, restablece la cuenta a ella.',
    helpPreview: 'solo cuenta lo que se borraría; no se elimina nada.',
    progressLabel: 'Avance del borrado',
    resultTitle: 'Resultado',
    byCategory: 'Por categoría',
    colCategory: 'Categoría',
    colItems: 'Elementos',
    colSize: 'Tamaño',
    historyTitle: 'Últimos 20 borrados en esta computadora',
    historyNote: 'Solo la hora, el motivo, el resultado y los números. No se guarda nada sobre el usuario.',
    historyCaption: 'Últimos borrados, del más reciente al más antiguo',
    colWhen: 'Fecha y hora',
    colTrigger: 'Motivo',
    colOutcome: 'Resultado',
    colSeconds: 'Segundos',
    colProblems: 'Problemas',
  },
  pinShort: 'Escriba el PIN del personal (al menos 4 caracteres).',
  pinWrong: 'PIN incorrecto. Inténtelo de nuevo.',
  pinLocked: (s) => `Demasiados PIN incorrectos. Bloqueado — vuelva a intentarlo en ${s} s.`,
  pinAgain: 'Ya puede volver a escribir el PIN.',
  agentDown: 'Servicio del agente: NO FUNCIONA — no se puede borrar nada. Llame a Informática.',
  agentRunning: (v) => `Servicio del agente: en marcha${v ? ` (v${v})` : ''}.`,
  lastWipe: (outcome, items) => `Último borrado: ${outcome}, ${items} ${one(items) ? 'elemento' : 'elementos'}.`,
  noWipeYet: 'Todavía no hay borrados.',
  dashboard: {
    'not-enrolled': 'Panel central: este equipo no está inscrito.',
    unknown: 'Panel central: todavía no se ha enviado nada.',
    connected: 'Panel central: conectado.',
    disconnected: 'Panel central: sin conexión; los recuentos esperan aquí y se envían más tarde.',
  },
  noWipes: 'Todavía no hay borrados.',
  starting: 'Empezando…',
  done: 'Terminado.',
  loggingOut: 'Cerrando la sesión del usuario; después se borra.',
  confirmEnd: '¿Cerrar ahora la sesión del usuario y borrarla?',
  wipeNotDone: 'No se hizo el borrado',
  sessionNotEnded: 'No se cerró la sesión',
  previewNotAvailable: 'La prueba de borrado no está disponible',
  wipeFinished: (outcome) => `Borrado terminado: ${outcome}`,
  resultSummary: (items, size, seconds) =>
    `${items} ${one(items) ? 'elemento' : 'elementos'} (${size}) ${one(items) ? 'borrado' : 'borrados'} en ${seconds} s.`,
  problems: (n) => `${one(n) ? 'No se pudo borrar 1 elemento' : `No se pudieron borrar ${n} elementos`}: consulte el registro.`,
  notChecked: (areas) => `Sin comprobar: ${areas} (llame a informática; borre de nuevo cuando funcione).`,
  scopeAreas: { home: 'la carpeta del usuario', owned: 'carpetas compartidas', 'print-jobs': 'trabajos de impresión' },
  nothingLeft: 'No queda nada.',
  erasedByCategory: 'Borrado, por categoría',
  previewTitle: 'Prueba de borrado: no se eliminó nada',
  previewSummary: (items, size) => `Un borrado ahora eliminaría ${items} ${one(items) ? 'elemento' : 'elementos'} (${size}).`,
  wouldEraseByCategory: 'Se borraría, por categoría',
  percent: (pct, text) => `${pct} por ciento. ${text}`,
  progressCount: (done, total) => `: ${done} de ${total} ${one(total) ? 'elemento' : 'elementos'}`,
  progressQueued: (n) => ` (${n} más en espera)`,
  phases: {
    planning: 'Buscando qué borrar',
    moving: 'Haciendo inaccesibles los datos',
    deleting: 'Eliminando',
    counting: 'Contando',
    verifying: 'Comprobando que no queda nada',
  },
  categories: {
    history: 'Historial de navegación',
    cookies: 'Cookies',
    cache: 'Caché del navegador',
    sessions: 'Pestañas y sesiones abiertas',
    'site-data': 'Datos de sitios web',
    'form-data': 'Datos de formularios',
    passwords: 'Contraseñas guardadas',
    'downloads-history': 'Lista de descargas',
    downloads: 'Carpeta Descargas',
    desktop: 'Escritorio',
    documents: 'Documentos',
    temp: 'Archivos temporales',
    recent: 'Archivos recientes',
    thumbnails: 'Miniaturas',
    trash: 'Papelera',
    'app-data': 'Otros datos de aplicaciones',
    histories: 'Comandos escritos (historiales)',
    credentials: 'Inicios de sesión y claves guardados',
    'print-jobs': 'Trabajos de impresión',
  },
  triggers: {
    logout: 'Cierre de sesión',
    idle: 'Inactividad',
    manual: 'Personal',
    schedule: 'Programado',
    recovery: 'Recuperación',
    boot: 'Arranque',
  },
  outcomes: { clean: 'Limpio', partial: 'Parcial', failed: 'Fallido', refused: 'Rechazado' },
  errors: {
    E_FORBIDDEN: 'No permitido. Primero desbloquee con el PIN del personal.',
    E_LOCKED: 'El PIN del personal está bloqueado un tiempo tras demasiados intentos incorrectos.',
    E_NO_STAFF_PIN: 'Este equipo todavía no tiene PIN del personal. Llame a Informática: lo fijan con "tabula staff set-pin".',
    E_AGENT_UNAVAILABLE: 'El servicio del agente Tabula no funciona. Llame a Informática: no se puede borrar nada hasta que funcione.',
    E_NOT_PATRON: 'Esta cuenta no es una cuenta de usuarios del público; Tabula no la borra.',
    E_UNSUPPORTED: 'Todavía no está disponible en esta computadora.',
    E_BAD_REQUEST: 'La solicitud fue rechazada por no ser válida.',
    E_INTERNAL: 'Algo falló dentro de Tabula. Llame a Informática; el registro tiene los detalles.',
  },
  errorOther: (code) => `No se pudo hacer el borrado (${code}).`,
};

export const STAFF_STRINGS: Record<Language, StaffStrings> = { en, es };
