/** Prometheus text exposition (format 0.0.4): counters of this app node plus fleet totals. */
import type { SiteStats, Stats } from './store/store.js';

type Labels = Record<string, string>;

export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();

  constructor() {
    this.define('tabula_dashboard_reports_total', 'Reports received by this node, by result (accepted, duplicate).');
    this.define('tabula_dashboard_batches_total', 'Report batches received by this node, by HTTP status class.');
    this.define('tabula_dashboard_enrollments_total', 'Enrollment attempts on this node, by result.');
    this.define('tabula_dashboard_revocations_total', 'Devices revoked from the web UI on this node.');
    this.define('tabula_dashboard_logins_total', 'Login attempts on this node, by result.');
    this.define('tabula_dashboard_errors_total', 'Error answers of this node, by error code.');
    this.define(
      'tabula_dashboard_alerts_total',
      'Alert deliveries of this node, by result (sent, failed, error) and kind (alert, recovery, test).',
    );
  }

  private define(name: string, help: string): void {
    this.counters.set(name, { help, values: new Map() });
  }

  inc(name: string, labels: Labels, by = 1): void {
    const counter = this.counters.get(name);
    if (!counter) return;
    const key = Object.entries(labels)
      .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
      .join(',');
    counter.values.set(key, (counter.values.get(key) ?? 0) + by);
  }

  render(stats: Stats | null, sites: SiteStats[] = [], now = Date.now()): string {
    const lines: string[] = [];
    for (const [name, { help, values }] of this.counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of values) lines.push(`${name}{${labels}} ${value}`);
    }
    if (stats) {
      const gauges: [string, string, number][] = [
        ['tabula_fleet_sites', 'Sites known to the dashboard.', stats.sites],
        ['tabula_fleet_devices', 'Enrolled devices.', stats.devices],
        ['tabula_fleet_wipes', 'Wipes reported, all time (daily rollups).', stats.wipes],
        ['tabula_fleet_failed_wipes', 'Wipes reported partial or failed, all time.', stats.failedWipes],
        ['tabula_fleet_failures', 'Item failures reported, all time.', stats.failures],
      ];
      for (const [name, help, value] of gauges) lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    }
    // Per site (site ids are the consortium's branch codes, not patron data).
    const perSite: [string, string, (s: SiteStats) => number | null][] = [
      ['tabula_site_devices', 'Enrolled PCs of the site.', (s) => s.devices],
      ['tabula_site_wipes', 'Wipes reported by the site, all time (daily rollups).', (s) => s.wipes],
      ['tabula_site_failed_wipes', 'Wipes of the site reported partial or failed, all time.', (s) => s.failedWipes],
      ['tabula_site_failing_devices', 'PCs of the site whose last wipe was partial or failed.', (s) => s.failing],
      ['tabula_site_silent_devices', 'PCs of the site that have not reported within the silent threshold.', (s) => s.silent],
      [
        'tabula_site_last_report_age_seconds',
        'Seconds since the newest report of any PC of the site (absent if none yet).',
        (s) => (s.lastSeenAt === null ? null : Math.max(0, Math.round((now - s.lastSeenAt) / 1000))),
      ],
    ];
    if (sites.length > 0) {
      for (const [name, help, value] of perSite) {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
        for (const s of sites) {
          const v = value(s);
          if (v !== null) lines.push(`${name}{site="${s.id}"} ${v}`);
        }
      }
    }
    lines.push(
      '# HELP tabula_dashboard_up 1 when the store answered this scrape.',
      '# TYPE tabula_dashboard_up gauge',
      `tabula_dashboard_up ${stats ? 1 : 0}`,
    );
    return `${lines.join('\n')}\n`;
  }
}
