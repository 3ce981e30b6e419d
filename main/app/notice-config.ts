/**
 * The patron notice settings: `notice.json` beside the agent's configuration (readable by every
 * user; it holds no secret), validated with defaults. A bad file yields the defaults and the list
 * of problems (logged by the app); the notice always shows.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { LANGUAGES, type Language, type NoticeText } from '../../protocol/app-api.js';

const Lang = Type.Union(LANGUAGES.map((l) => Type.Literal(l)));
const Text = Type.String({ minLength: 1, maxLength: 2000 });

export const NoticeConfigSchema = Type.Object(
  {
    libraryName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    language: Type.Optional(Lang),
    languages: Type.Optional(Type.Array(Lang, { minItems: 1, maxItems: LANGUAGES.length, uniqueItems: true })),
    policyText: Type.Optional(Type.Object({ en: Type.Optional(Text), es: Type.Optional(Text) }, { additionalProperties: false })),
    policyUrl: Type.Optional(Type.String({ maxLength: 500, pattern: '^https://[^\\s]+$' })),
    idleMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
    countdownSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 600 })),
  },
  { additionalProperties: false },
);
export type NoticeConfig = Static<typeof NoticeConfigSchema>;

export const DEFAULT_NOTICE: NoticeText = {
  libraryName: 'Your library',
  language: 'en',
  languages: ['en', 'es'],
  policyText: {},
  idleMinutes: 15,
  countdownSeconds: 60,
};

/** The session's language from the OS locale (`es-MX` → es), when the library offers it. */
export function languageOf(locale: string, offered: readonly Language[]): Language | undefined {
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return offered.find((l) => l === base);
}

export function noticeFrom(raw: unknown, locale = 'en'): { notice: NoticeText; problems: string[] } {
  if (raw === undefined) return { notice: withLocale({ ...DEFAULT_NOTICE }, locale, false), problems: [] };
  if (!Value.Check(NoticeConfigSchema, raw)) {
    const problems = [...Value.Errors(NoticeConfigSchema, raw)].slice(0, 10).map((e) => `${e.path || '/'}: ${e.message}`);
    return { notice: withLocale({ ...DEFAULT_NOTICE }, locale, false), problems };
  }
  const languages = raw.languages ?? DEFAULT_NOTICE.languages;
  const notice: NoticeText = {
    libraryName: raw.libraryName ?? DEFAULT_NOTICE.libraryName,
    language: raw.language && languages.includes(raw.language) ? raw.language : (languages[0] ?? 'en'),
    languages,
    policyText: { ...(raw.policyText ?? {}) },
    idleMinutes: raw.idleMinutes ?? DEFAULT_NOTICE.idleMinutes,
    countdownSeconds: raw.countdownSeconds ?? DEFAULT_NOTICE.countdownSeconds,
  };
  if (raw.policyUrl) notice.policyUrl = raw.policyUrl;
  return { notice: withLocale(notice, locale, raw.language !== undefined), problems: [] };
}

function withLocale(notice: NoticeText, locale: string, fixed: boolean): NoticeText {
  if (fixed) return notice;
  const fromLocale = languageOf(locale, notice.languages);
  return fromLocale ? { ...notice, language: fromLocale } : notice;
}
