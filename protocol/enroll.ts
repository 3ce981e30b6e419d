/**
 * Enrollment: an agent exchanges a one-time site enrollment token (created by an administrator
 * with `tabula-dashboard token create --site ID`) for a per-device credential. The dashboard
 * stores only SHA-256 hashes of tokens and credentials.
 */
import { Type, type Static } from './typebox.js';
import { AgentVersion, DeviceId, PcLabel, SiteId } from './report.js';

export const ENROLL_PROTOCOL_VERSION = 1;
export const ENROLL_PLATFORMS = ['linux', 'darwin', 'win32'] as const;

/** `tbe_` and 43 base64url characters (32 random bytes). */
export const EnrollToken = Type.String({ pattern: '^tbe_[A-Za-z0-9_-]{43}$', description: 'One-time site enrollment token.' });
/** `tbd_` and 43 base64url characters (32 random bytes); sent as `Authorization: Bearer ...`. */
export const DeviceCredential = Type.String({ pattern: '^tbd_[A-Za-z0-9_-]{43}$', description: 'Per-device credential.' });

export const EnrollRequest = Type.Object(
  {
    v: Type.Literal(ENROLL_PROTOCOL_VERSION),
    token: EnrollToken,
    agentVersion: AgentVersion,
    platform: Type.Union(ENROLL_PLATFORMS.map((p) => Type.Literal(p))),
    /** The PC's name (config `pcLabel`); optional, as in report batches. */
    pcLabel: Type.Optional(PcLabel),
  },
  { additionalProperties: false },
);

export const EnrollResponse = Type.Object(
  { v: Type.Literal(ENROLL_PROTOCOL_VERSION), deviceId: DeviceId, siteId: SiteId, credential: DeviceCredential },
  { additionalProperties: false },
);

export type EnrollRequestT = Static<typeof EnrollRequest>;
export type EnrollResponseT = Static<typeof EnrollResponse>;
export type EnrollPlatform = (typeof ENROLL_PLATFORMS)[number];
