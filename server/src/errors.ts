/**
 * An error the user can act on. Its message says what to do; `code` reaches API clients
 * as `extensions.code`, with `details` (a position, a field name) beside it.
 */
export class TelltaleError extends Error {
  override name = 'TelltaleError';

  constructor(
    message: string,
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The named record does not exist (or was deleted). */
export class NotFoundError extends TelltaleError {
  override name = 'NotFoundError';

  constructor(kind: string, id: string | number) {
    super(`${kind} ${id} does not exist`, 'NOT_FOUND', { kind, id: String(id) });
  }
}

/** An input value is wrong; `field` names it. */
export class ValidationError extends TelltaleError {
  override name = 'ValidationError';

  constructor(field: string, message: string, details: Record<string, unknown> = {}) {
    super(`${field}: ${message}`, 'BAD_USER_INPUT', { field, ...details });
  }
}
