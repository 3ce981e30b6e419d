/** The fixed patron wording, per language. The library's own name and policy text come from notice(). */
import type { Language } from '../protocol/app-api.js';

export interface PatronStrings {
  languageName: string;
  noticeTitle: (library: string) => string;
  noticeIntro: string;
  whenTitle: string;
  when: (minutes: number) => string[];
  whatTitle: string;
  what: string[];
  keptTitle: string;
  kept: string;
  policyLink: string;
  ok: string;
  countdownTitle: string;
  countdownLead: (seconds: number) => string;
  countdownLoss: string;
  countdownKeep: string;
  countdownAnnounce: (seconds: number) => string;
  cancelled: string;
  expired: string;
  seconds: (n: number) => string;
}

export const STRINGS: Record<Language, PatronStrings> = {
  en: {
    languageName: 'English',
    noticeTitle: (library) => `Welcome to ${library}`,
    noticeIntro: 'This is a shared public computer. To protect your privacy, it erases what you did here when your session ends.',
    whenTitle: 'When is it erased?',
    when: (m) => ['When you log out.', `After ${m} ${m === 1 ? 'minute' : 'minutes'} without use (you will see a countdown first).`],
    whatTitle: 'What is erased?',
    what: [
      'Your browsing history, cookies and open tabs, in every browser.',
      'Passwords and form entries saved in the browsers.',
      'Files in Downloads, on the Desktop and in Documents.',
      'Temporary files, recent-file lists and the trash.',
    ],
    keptTitle: 'Is anything kept?',
    kept: 'No. Nothing about what you did is kept or sent anywhere. The library only receives a count of how many items were erased. Save your files on your own USB drive or online account before you leave.',
    policyLink: 'Full privacy policy:',
    ok: 'I understand',
    countdownTitle: 'Your session is about to end',
    countdownLead: (s) => `This session ends in ${s} ${s === 1 ? 'second' : 'seconds'} because nobody has used the computer.`,
    countdownLoss:
      'When it ends, everything you did here is erased: browsing history, logins, downloads, and files on the Desktop and in Documents.',
    countdownKeep: 'To keep working, press any key or move the mouse.',
    countdownAnnounce: (s) => `Session ends in ${s} ${s === 1 ? 'second' : 'seconds'}. Press any key to keep working.`,
    cancelled: 'Countdown cancelled. Your session continues.',
    expired: 'The session is ending. Your data is being erased.',
    seconds: (n) => (n === 1 ? 'second' : 'seconds'),
  },
  es: {
    languageName: 'Español',
    noticeTitle: (library) => `Bienvenido a ${library}`,
    noticeIntro:
      'Esta es una computadora pública compartida. Para proteger su privacidad, borra lo que usted hizo aquí cuando termina su sesión.',
    whenTitle: '¿Cuándo se borra?',
    when: (m) => [
      'Cuando usted cierra la sesión.',
      `Después de ${m} ${m === 1 ? 'minuto' : 'minutos'} sin uso (antes verá una cuenta regresiva).`,
    ],
    whatTitle: '¿Qué se borra?',
    what: [
      'Su historial de navegación, las cookies y las pestañas abiertas, en todos los navegadores.',
      'Las contraseñas y los datos de formularios guardados en los navegadores.',
      'Los archivos en Descargas, en el Escritorio y en Documentos.',
      'Los archivos temporales, las listas de archivos recientes y la papelera.',
    ],
    keptTitle: '¿Se guarda algo?',
    kept: 'No. No se guarda ni se envía nada sobre lo que usted hizo. La biblioteca solo recibe el número de elementos borrados. Guarde sus archivos en su propia memoria USB o cuenta en línea antes de irse.',
    policyLink: 'Política de privacidad completa:',
    ok: 'Entiendo',
    countdownTitle: 'Su sesión está por terminar',
    countdownLead: (s) => `Esta sesión termina en ${s} ${s === 1 ? 'segundo' : 'segundos'} porque nadie ha usado la computadora.`,
    countdownLoss:
      'Cuando termine, se borrará todo lo que hizo aquí: historial de navegación, inicios de sesión, descargas y archivos del Escritorio y de Documentos.',
    countdownKeep: 'Para seguir trabajando, pulse cualquier tecla o mueva el ratón.',
    countdownAnnounce: (s) =>
      `La sesión termina en ${s} ${s === 1 ? 'segundo' : 'segundos'}. Pulse cualquier tecla para seguir trabajando.`,
    cancelled: 'Cuenta regresiva cancelada. Su sesión continúa.',
    expired: 'La sesión está terminando. Se están borrando sus datos.',
    seconds: (n) => (n === 1 ? 'segundo' : 'segundos'),
  },
};

// The staff window's wording is in i18n-staff.ts.
