/** The configuration's `mode` values (a plain constant: the CLI's start-up reads it). See scope.ts. */
export const CONFIG_MODES = ['auto', 'clean', 'reset'] as const;
export type ConfigMode = (typeof CONFIG_MODES)[number];

export function isConfigMode(value: unknown): value is ConfigMode {
  return typeof value === 'string' && (CONFIG_MODES as readonly string[]).includes(value);
}
