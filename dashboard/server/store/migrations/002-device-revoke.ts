/** Migration 2: a device can be revoked; its credential is then refused and it leaves the counts. */
export const version = 2;
export const name = 'device-revoke';

export const sql = `
ALTER TABLE devices ADD COLUMN revoked_at BIGINT;
`;
