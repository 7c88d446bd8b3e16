import type { AppErrorShape, ErrorCode } from '../../../preload/contract';

/** A failed call: the stable code and human message main produced, plus its details. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.details = shape.details;
  }

  toShape(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message };
    if (this.details !== undefined) shape.details = this.details;
    return shape;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** Anything thrown becomes an ApiError so the UI always has a code and a message to show. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError({
    code: 'internal',
    message: message || 'Something went wrong in the console itself. Try again.',
  });
}

/** The wording for a toast: never blank, even for odd throwables. */
export function errorMessage(err: unknown): string {
  return toApiError(err).message;
}
