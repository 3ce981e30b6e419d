/** Agent-facing routes: enrollment and report batches (device bearer credential). */
import type {} from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeviceCredential, EnrollRequest, EnrollResponse } from '../../../protocol/enroll.js';
import { ApiError, ReportAccepted } from '../../../protocol/report-api.js';
import { ReportBatch } from '../../../protocol/report.js';
import { newDeviceId, randomToken, sha256 } from '../auth/secrets.js';
import type { AppContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import { batchConsistent } from '../report-checks.js';

export const REPORT_BODY_LIMIT = 1024 * 1024;
const CREDENTIAL = new RegExp(DeviceCredential.pattern as string);

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
  const value = header.slice('Bearer '.length).trim();
  return CREDENTIAL.test(value) ? value : null;
}

/** Rate-limit key of a device: its credential's hash (many PCs of a branch share one address). */
export function deviceRateKey(request: FastifyRequest): string {
  const credential = bearer(request);
  return credential ? `device:${sha256(credential).slice(0, 32)}` : `ip:${request.ip}`;
}

export function deviceRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/enroll',
    {
      schema: { body: EnrollRequest, response: { 200: EnrollResponse, '4xx': ApiError } },
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
    },
    async (request) => {
      const body = request.body;
      const credential = randomToken('tbd_');
      const device = await ctx.store.enrollDevice(
        {
          tokenHash: sha256(body.token),
          deviceId: newDeviceId(),
          credentialHash: sha256(credential),
          agentVersion: body.agentVersion,
          platform: body.platform,
          ...(body.pcLabel === undefined ? {} : { pcLabel: body.pcLabel }),
        },
        ctx.now(),
      );
      ctx.metrics.inc('tabula_dashboard_enrollments_total', { result: device ? 'enrolled' : 'refused' });
      if (!device) throw new ApiFailure('E_TOKEN_INVALID');
      return { v: 1 as const, deviceId: device.id, siteId: device.siteId, credential };
    },
  );

  app.post(
    '/api/v1/reports',
    {
      bodyLimit: REPORT_BODY_LIMIT,
      schema: { body: ReportBatch, response: { 200: ReportAccepted, '4xx': ApiError } },
      config: { rateLimit: { max: ctx.reportRateLimit, timeWindow: 60_000, keyGenerator: deviceRateKey } },
      // The hot path: agents read JSON, not pages, so helmet's page headers (rebuilt per request)
      // are replaced by the two that matter for an API answer.
      helmet: false,
      onSend: async (_request, reply) => {
        reply.header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
      },
      // Authenticate before the body is read: an unknown caller learns nothing about validation.
      onRequest: async (request) => {
        request.device = null;
        const credential = bearer(request);
        const device = credential ? await ctx.store.deviceByCredential(sha256(credential)) : null;
        if (!device) throw new ApiFailure('E_UNAUTHENTICATED');
        request.device = device;
      },
    },
    async (request) => {
      const device = request.device;
      if (!device) throw new ApiFailure('E_UNAUTHENTICATED');
      const batch = request.body;
      if (batch.deviceId !== device.id || batch.siteId !== device.siteId) throw new ApiFailure('E_DEVICE_MISMATCH');
      const now = ctx.now();
      if (!batchConsistent(batch, now)) throw new ApiFailure('E_REPORT_INVALID');
      const result = await ctx.store.ingest(device, batch, now);
      if (!result) throw new ApiFailure('E_UNAUTHENTICATED'); // revoked since it was authenticated
      if (result.accepted > 0) ctx.alerts.afterIngest(device.id);
      ctx.metrics.inc('tabula_dashboard_reports_total', { result: 'accepted' }, result.accepted);
      ctx.metrics.inc('tabula_dashboard_reports_total', { result: 'duplicate' }, result.duplicates);
      return { ok: true as const, ...result };
    },
  );
}
