import { ERROR_CODES, type ErrorCode } from '../../../protocol/error-codes.js';

/** An error whose message is fixed text from protocol/: safe to show, log and send. */
export class TabulaError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail?: string,
  ) {
    super(detail ? `${ERROR_CODES[code]} (${detail})` : ERROR_CODES[code]);
    this.name = 'TabulaError';
  }
}

/** Maps any filesystem error to an error code, dropping its message (which carries the path). */
export function codeOf(error: unknown): ErrorCode {
  if (error instanceof TabulaError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'E_PERM';
    case 'EBUSY':
    case 'ETXTBSY':
    case 'ENOTEMPTY':
      return 'E_BUSY';
    case 'EXDEV':
      return 'E_MOUNT';
    case 'EIO':
    case 'ENOSPC':
    case 'EROFS':
      return 'E_IO';
    default:
      return 'E_INTERNAL';
  }
}
