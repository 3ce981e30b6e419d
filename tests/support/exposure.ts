/** `systemd-analyze security` output: "Overall exposure level for X: 3.3 OK" → {score, label}. */
export const MAX_EXPOSURE = 4.0;

export function exposureOf(output: string): { score: number; label: string } | undefined {
  const m = /Overall exposure level for \S+: (\d+(?:\.\d+)?) (\w+)/.exec(output);
  return m ? { score: Number(m[1]), label: m[2]! } : undefined;
}
