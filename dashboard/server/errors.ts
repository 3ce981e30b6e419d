/** One error handler for the whole app: fixed messages and codes, never request content. */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { API_ERRORS, type ApiErrorCode } from '../../protocol/report-api.js';

export class ApiFailure extends Error {
  constructor(readonly code: ApiErrorCode) {
    super(code);
  }
}

export function sendError(reply: FastifyReply, code: ApiErrorCode): FastifyReply {
  const e = API_ERRORS[code];
  return reply.code(e.status).type('application/json; charset=utf-8').send({ ok: false, code, message: e.message });
}

export function classify(error: FastifyError | ApiFailure): ApiErrorCode {
  if (error instanceof ApiFailure) return error.code;
  if (error.validation) return 'E_BAD_REQUEST';
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'E_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'E_MEDIA_TYPE';
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 401) return 'E_UNAUTHENTICATED';
  if (status === 403) return 'E_FORBIDDEN';
  if (status === 404) return 'E_NOT_FOUND';
  if (status === 413) return 'E_TOO_LARGE';
  if (status === 415) return 'E_MEDIA_TYPE';
  if (status === 429) return 'E_RATE_LIMITED';
  if (status === 503) return 'E_UNAVAILABLE';
  if (status >= 400 && status < 500) return 'E_BAD_REQUEST';
  return 'E_INTERNAL';
}

export function installErrorHandler(app: FastifyInstance, onError: (code: ApiErrorCode) => void): void {
  app.setErrorHandler((error: FastifyError | ApiFailure, request, reply) => {
    const code = classify(error);
    onError(code);
    if (code === 'E_INTERNAL') {
      // The code and name only: a driver's message may quote values from the request.
      request.log.error({ event: 'http.error', code: (error as FastifyError).code ?? error.name });
    }
    return sendError(reply, code);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 'E_NOT_FOUND'));
}
