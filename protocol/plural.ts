/**
 * "1 item", "2 items": a count and the word that agrees with it, for the English and Spanish texts
 * of the CLI, the tray and the dashboard (both languages add -s unless `many` says otherwise).
 * The renderer and the web UI, which import types only, have their own one-liners.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
