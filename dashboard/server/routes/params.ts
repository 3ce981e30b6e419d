/** Route parameters and names shared by the staff API's route files and the CLI. */
import { Type } from '@sinclair/typebox';
import { SiteId } from '../../../protocol/report.js';

export const SiteParams = Type.Object({ id: SiteId }, { additionalProperties: false });
/** A dashboard account name. */
export const UserName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$' });
