/**
 * Migration 1: accounts, enrollment, devices, exactly-once keys, hourly rows and daily rollups.
 * The same SQL runs on SQLite and PostgreSQL (TEXT / BIGINT / INTEGER only). Times are epoch
 * milliseconds; hours are `YYYY-MM-DDTHH:00:00Z` and days `YYYY-MM-DD` (both sort as text).
 */
export const version = 1;
export const name = 'initial';

export const sql = `
CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sites (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL);
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE user_sites (
  user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  site_id TEXT NOT NULL REFERENCES sites (id),
  PRIMARY KEY (user_name, site_id)
);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE enroll_tokens (
  hash TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id),
  uses_left INTEGER NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id),
  credential_hash TEXT NOT NULL UNIQUE,
  platform TEXT NOT NULL,
  agent_version TEXT NOT NULL,
  config_hash TEXT,
  enrolled_at BIGINT NOT NULL,
  last_seen_at BIGINT,
  last_hour TEXT,
  last_outcome TEXT
);
CREATE INDEX devices_site ON devices (site_id);
CREATE TABLE report_keys (
  device_id TEXT NOT NULL,
  report_key TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (device_id, report_key)
);
CREATE INDEX report_keys_received ON report_keys (received_at);

CREATE TABLE hourly_wipes (
  device_id TEXT NOT NULL, hour_utc TEXT NOT NULL, wipe_trigger TEXT NOT NULL, outcome TEXT NOT NULL,
  site_id TEXT NOT NULL, wipes BIGINT NOT NULL,
  PRIMARY KEY (device_id, hour_utc, wipe_trigger, outcome)
);
CREATE INDEX hourly_wipes_hour ON hourly_wipes (hour_utc);
CREATE TABLE hourly_items (
  device_id TEXT NOT NULL, hour_utc TEXT NOT NULL, category TEXT NOT NULL,
  site_id TEXT NOT NULL, items BIGINT NOT NULL, bytes BIGINT NOT NULL,
  PRIMARY KEY (device_id, hour_utc, category)
);
CREATE INDEX hourly_items_hour ON hourly_items (hour_utc);
CREATE TABLE hourly_failures (
  device_id TEXT NOT NULL, hour_utc TEXT NOT NULL, category TEXT NOT NULL, code TEXT NOT NULL,
  site_id TEXT NOT NULL, failures BIGINT NOT NULL,
  PRIMARY KEY (device_id, hour_utc, category, code)
);
CREATE INDEX hourly_failures_hour ON hourly_failures (hour_utc);
CREATE TABLE hourly_durations (
  device_id TEXT NOT NULL, hour_utc TEXT NOT NULL, metric TEXT NOT NULL, bucket TEXT NOT NULL,
  site_id TEXT NOT NULL, wipes BIGINT NOT NULL,
  PRIMARY KEY (device_id, hour_utc, metric, bucket)
);
CREATE INDEX hourly_durations_hour ON hourly_durations (hour_utc);

CREATE TABLE daily_site_wipes (
  site_id TEXT NOT NULL, day_utc TEXT NOT NULL, wipe_trigger TEXT NOT NULL, outcome TEXT NOT NULL,
  wipes BIGINT NOT NULL,
  PRIMARY KEY (site_id, day_utc, wipe_trigger, outcome)
);
CREATE TABLE daily_site_items (
  site_id TEXT NOT NULL, day_utc TEXT NOT NULL, category TEXT NOT NULL,
  items BIGINT NOT NULL, bytes BIGINT NOT NULL,
  PRIMARY KEY (site_id, day_utc, category)
);
CREATE TABLE daily_site_failures (
  site_id TEXT NOT NULL, day_utc TEXT NOT NULL, category TEXT NOT NULL, code TEXT NOT NULL,
  failures BIGINT NOT NULL,
  PRIMARY KEY (site_id, day_utc, category, code)
);
CREATE TABLE daily_site_durations (
  site_id TEXT NOT NULL, day_utc TEXT NOT NULL, metric TEXT NOT NULL, bucket TEXT NOT NULL,
  wipes BIGINT NOT NULL,
  PRIMARY KEY (site_id, day_utc, metric, bucket)
);
CREATE TABLE daily_device (
  device_id TEXT NOT NULL, day_utc TEXT NOT NULL, site_id TEXT NOT NULL,
  wipes BIGINT NOT NULL, failed_wipes BIGINT NOT NULL, failures BIGINT NOT NULL,
  PRIMARY KEY (device_id, day_utc)
);
CREATE INDEX daily_device_site_day ON daily_device (site_id, day_utc);
`;
