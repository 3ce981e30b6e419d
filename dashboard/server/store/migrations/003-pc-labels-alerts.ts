/**
 * Migration 3: PC names (the agent's `pcLabel` and a staff rename that wins over it), the error
 * code of a PC's last failing wipe and its run of failing reports, whether its newest wipes ran
 * without a captured baseline (report field `noBaseline`), site display names, and
 * alerting (channels per site, one open alert per PC and condition until it recovers).
 */
export const version = 3;
export const name = 'pc-labels-alerts';

export const sql = `
ALTER TABLE devices ADD COLUMN pc_label TEXT;
ALTER TABLE devices ADD COLUMN staff_label TEXT;
ALTER TABLE devices ADD COLUMN last_category TEXT;
ALTER TABLE devices ADD COLUMN last_code TEXT;
ALTER TABLE devices ADD COLUMN fail_streak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN no_baseline INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN name TEXT;
CREATE TABLE alert_channels (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id),
  kind TEXT NOT NULL CHECK (kind IN ('webhook', 'email')),
  target TEXT NOT NULL,
  secret TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX alert_channels_site ON alert_channels (site_id);
CREATE TABLE alert_state (
  device_id TEXT NOT NULL,
  alert_condition TEXT NOT NULL,
  site_id TEXT NOT NULL,
  raised_at BIGINT NOT NULL,
  PRIMARY KEY (device_id, alert_condition)
);
`;
