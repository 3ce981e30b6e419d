/** The operating systems the catalogue lays out (a plain constant: the CLI's start-up reads it). */
export const PLATFORMS = ['linux', 'darwin', 'win32'] as const;
export type Platform = (typeof PLATFORMS)[number];
