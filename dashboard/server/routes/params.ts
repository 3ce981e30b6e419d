/** Route parameters shared by the staff API's route files. */
import { Type } from '@sinclair/typebox';
import { SiteId } from '../../../protocol/report.js';

export const SiteParams = Type.Object({ id: SiteId }, { additionalProperties: false });
