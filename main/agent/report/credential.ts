/**
 * The per-device credential, stored root-only in `<state>/report/credential.json` with the
 * dashboard URL, the device and site ids and the optional pinned CA file.
 */
import path from 'node:path';
import { Type, Value, type Static } from '../../../protocol/typebox.js';
import { DeviceCredential } from '../../../protocol/enroll.js';
import { DeviceId, SiteId } from '../../../protocol/report.js';
import { readJsonFile, writeFileAtomic } from '../base/atomic-file.js';
import { ensurePrivateDir, reportDir } from './files.js';

export const StoredCredential = Type.Object(
  {
    v: Type.Literal(1),
    dashboard: Type.String({ pattern: '^https?://', maxLength: 2048 }),
    deviceId: DeviceId,
    siteId: SiteId,
    credential: DeviceCredential,
    ca: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    enrolledAt: Type.String({ maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type StoredCredentialT = Static<typeof StoredCredential>;

export function credentialFile(stateDir: string): string {
  return path.join(reportDir(stateDir), 'credential.json');
}

/** The stored credential, or undefined when this computer is not enrolled (or the file is damaged). */
export function readCredential(stateDir: string): StoredCredentialT | undefined {
  const value = readJsonFile(credentialFile(stateDir));
  return Value.Check(StoredCredential, value) ? value : undefined;
}

export function writeCredential(stateDir: string, credential: StoredCredentialT): void {
  ensurePrivateDir(reportDir(stateDir));
  writeFileAtomic(credentialFile(stateDir), `${JSON.stringify(credential, null, 2)}\n`);
}
