/**
 * What the dashboard answers to `POST /api/v1/enroll` and `POST /api/v1/reports`, and the fixed
 * error codes of its HTTP API. Errors are `{ ok: false, code }`; the message is fixed text and
 * never echoes request content. The agent's sender retries on `retry: true` codes only.
 */
import { Type, type Static } from './typebox.js';

export const API_ERRORS = {
  E_BAD_REQUEST: { status: 400, retry: false, message: 'The request is not valid.' },
  E_UNAUTHENTICATED: { status: 401, retry: false, message: 'Authentication is required.' },
  E_TOKEN_INVALID: { status: 401, retry: false, message: 'The enrollment token is not valid, expired or already used.' },
  E_FORBIDDEN: { status: 403, retry: false, message: 'Not permitted.' },
  E_CSRF: { status: 403, retry: false, message: 'The request failed the cross-site request check.' },
  E_DEVICE_MISMATCH: { status: 403, retry: false, message: 'The report does not belong to the authenticated device.' },
  E_NOT_FOUND: { status: 404, retry: false, message: 'Not found.' },
  E_TOO_LARGE: { status: 413, retry: false, message: 'The request body is too large.' },
  E_MEDIA_TYPE: { status: 415, retry: false, message: 'The content type is not supported.' },
  E_REPORT_INVALID: { status: 422, retry: false, message: 'The report batch is inconsistent.' },
  E_RATE_LIMITED: { status: 429, retry: true, message: 'Too many requests; retry later.' },
  E_INTERNAL: { status: 500, retry: true, message: 'An internal error occurred.' },
  E_UNAVAILABLE: { status: 503, retry: true, message: 'The dashboard is unavailable; retry later.' },
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export const ApiError = Type.Object(
  { ok: Type.Literal(false), code: Type.Union(Object.keys(API_ERRORS).map((c) => Type.Literal(c))), message: Type.String() },
  { additionalProperties: false },
);

export const ReportAccepted = Type.Object(
  {
    ok: Type.Literal(true),
    /** Reports stored by this request. */
    accepted: Type.Integer({ minimum: 0 }),
    /** Reports whose idempotency key was already stored (a retry): not counted again. */
    duplicates: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export type ApiErrorT = Static<typeof ApiError>;
export type ReportAcceptedT = Static<typeof ReportAccepted>;
