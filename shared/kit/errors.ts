/**
 * Domain errors: thrown by domain code, mapped to HTTP by the handler wrapper.
 * Each carries a stable machine-readable `code` and the HTTP status it maps to.
 */
export class DomainError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    headers?: Record<string, string>,
  ) {
    // An expected answer (404, 409, …), not a fault: capturing its stack trace would cost every
    // such request for a trace nobody reads.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

/** The one error shape: `{"error":{"code","message","details"?,"requestId"}}`. */
export function errorBody(code: string, message: string, requestId: string, details?: unknown): string {
  return JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details }), requestId } });
}

/** One field-level problem, as reported in `details` of a validation error. */
export interface FieldIssue {
  field: string;
  message: string;
}

export class ValidationError extends DomainError {
  constructor(message: string, issues?: FieldIssue[]) {
    super(400, 'validation_failed', message, issues ? { issues } : undefined);
  }
}

export class BadRequestError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(400, code, message, details);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Authentication is required.') {
    // RFC 9110 §11.6.1: a 401 names the scheme it wants (every token here is a bearer token).
    super(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this.') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(404, 'not_found', `${what} was not found.`);
  }
}

export class MethodNotAllowedError extends DomainError {
  constructor(allowed: string[]) {
    super(405, 'method_not_allowed', `Allowed methods: ${allowed.join(', ')}.`, { allowed }, {
      allow: allowed.join(', '),
    });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, details);
  }
}

/** 409 `limit_reached`: the user keeps as many items of a kind as allowed (shared/db/slots.ts). */
export class LimitReachedError extends DomainError {
  constructor(message: string, limit: number) {
    super(409, 'limit_reached', message, { limit });
  }
}

/** True for the 409 a full cap answers. */
export function isLimitReached(error: unknown): error is LimitReachedError {
  return error instanceof DomainError && error.code === 'limit_reached';
}

export class PayloadTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `The request body is larger than ${limitBytes} bytes.`, {
      limitBytes,
    });
  }
}

export class UnprocessableError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(422, code, message, details);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      429,
      'too_many_requests',
      `Too many requests; try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(message: string, details?: unknown) {
    super(503, 'service_unavailable', message, details);
  }
}
