/** Numbers, dates and durations for people (the browser's locale; times in local time, days in UTC). */
const number = new Intl.NumberFormat();
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const n = (value: number): string => number.format(value);

export function bytes(value: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = value;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function ago(ms: number | null, now: number): string {
  if (ms === null) return 'never';
  const minutes = Math.max(0, Math.round((now - ms) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function when(ms: number | null): string {
  return ms === null ? '' : dateTime.format(new Date(ms));
}

export function iso(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

/** Every UTC day (YYYY-MM-DD) of the last `days` days up to `now`, oldest first. */
export function dayRange(days: number, now: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(new Date(now - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** The Monday (YYYY-MM-DD, UTC) of the ISO week holding `ms`. */
export function mondayOf(ms: number): string {
  const d = new Date(ms);
  return new Date(ms - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}

/** The Mondays of every ISO week that overlaps the last `days` days up to `now`, oldest first. */
export function weekRange(days: number, now: number): string[] {
  const out: string[] = [];
  const last = mondayOf(now);
  for (
    let day = mondayOf(now - (days - 1) * 86_400_000);
    day <= last;
    day = new Date(Date.parse(day) + 7 * 86_400_000).toISOString().slice(0, 10)
  )
    out.push(day);
  return out;
}

/** Upper bound of a duration bucket key (`le250` → "≤ 250 ms", `inf` → "> 5 min"). */
export function bucketLabel(key: string): string {
  if (key === 'inf') return '> 5 min';
  const ms = Number(key.slice(2));
  return ms >= 1000 ? `≤ ${ms / 1000} s` : `≤ ${ms} ms`;
}

/** "1 session", "2 sessions": the count (formatted) and the word that agrees with it. */
export function count(value: number, one: string, many = `${one}s`): string {
  return `${n(value)} ${value === 1 ? one : many}`;
}

/** A site as people know it: "North Branch (north)", or the id alone. */
export function siteLabel(site: { id: string; name: string | null }): string {
  return site.name ? `${site.name} (${site.id})` : site.id;
}
