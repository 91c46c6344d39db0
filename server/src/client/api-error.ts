/** One entry of a GraphQL answer's `errors`, as the server sends it. */
export interface GraphqlErrorBody {
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  extensions?: Record<string, unknown>;
}

/**
 * A failure reported by the Telltale API. `code` is the server's `extensions.code`
 * (`QUERY_INVALID`, `NOT_FOUND`, `BAD_USER_INPUT`, ...) and `extensions` holds the rest of
 * its details, such as a query error's `position` and `length`.
 *
 * @remarks
 * Three codes come from the client itself: `NETWORK_ERROR` when no answer arrived
 * (`extensions.url`, `extensions.reason` such as `ECONNREFUSED`), `HTTP_ERROR` when the server
 * answered without a GraphQL body (`extensions.status`, `extensions.body`), and
 * `CONNECTION_CLOSED` when the subscription socket closed for good (`extensions.closeCode`,
 * `extensions.reason`).
 */
export class TelltaleApiError extends Error {
  override name = 'TelltaleApiError';

  /** Where in the answer the error belongs, e.g. `['alert']`; null for the whole request. */
  readonly path: readonly (string | number)[] | null;
  /** Every error of the answer; this one describes the first. */
  readonly errors: readonly GraphqlErrorBody[];

  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
    options: { path?: readonly (string | number)[]; errors?: readonly GraphqlErrorBody[] } = {},
  ) {
    super(message);
    this.path = options.path ?? null;
    this.errors = options.errors ?? [];
  }

  /** The error for a GraphQL answer's `errors`, named after the first of them. */
  static fromErrors(errors: readonly GraphqlErrorBody[]): TelltaleApiError {
    const [first] = errors;
    if (!first) return new TelltaleApiError('The API answered with an empty error list', 'UNKNOWN');

    const { code, ...rest } = first.extensions ?? {};
    return new TelltaleApiError(first.message, typeof code === 'string' ? code : 'UNKNOWN', rest, {
      path: first.path,
      errors,
    });
  }
}

/** True for what graphql-ws rejects with when the server sends `error`: a list of errors. */
export function isGraphqlErrorList(value: unknown): value is GraphqlErrorBody[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((entry) => typeof entry === 'object' && entry !== null && 'message' in entry)
  );
}
