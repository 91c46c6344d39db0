import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import { errorForQuery, nextQueryFailure, toApiError, type ApiError } from './errors.js';

describe(toApiError.name, () => {
  it('reads the code and the marked span of a query error', () => {
    const error = new CombinedError({
      graphQLErrors: [
        new GraphQLError('Unknown field "proces.name" (at position 5)', {
          extensions: { code: 'QUERY_INVALID', position: 5, length: 11, problem: 'unknown-field' },
        }),
      ],
    });

    expect(toApiError(error)).toEqual({
      message: 'Unknown field "proces.name" (at position 5)',
      code: 'QUERY_INVALID',
      field: null,
      position: { start: 5, end: 16 },
    });
  });

  it('names the input field of a validation error', () => {
    const error = new CombinedError({
      graphQLErrors: [
        new GraphQLError('trigger.count: must be a whole number from 1 to 1000', {
          extensions: { code: 'BAD_USER_INPUT', field: 'trigger.count' },
        }),
      ],
    });

    expect(toApiError(error)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trigger.count' });
  });

  it('explains a transport failure', () => {
    const error = new CombinedError({ networkError: new Error('Failed to fetch') });

    expect(toApiError(error)).toEqual({
      message: 'The server could not be reached. Check that it is running, then retry.',
      code: 'NETWORK',
      field: null,
      position: null,
    });
  });
});

describe(nextQueryFailure.name, () => {
  const invalid = createError('QUERY_INVALID');

  it('keeps a query error with the trimmed query it was reported for', () => {
    expect(nextQueryFailure(null, invalid, ' process.nam: x ')).toEqual({
      query: 'process.nam: x',
      error: invalid,
    });
  });

  it('drops the failure once a request succeeds', () => {
    expect(nextQueryFailure({ query: 'a', error: invalid }, null, 'b')).toBeNull();
  });

  it('keeps the failure when a request fails for another reason', () => {
    const current = { query: 'a', error: invalid };

    expect(nextQueryFailure(current, createError('NETWORK'), 'a')).toBe(current);
  });
});

describe(errorForQuery.name, () => {
  const failure = { query: 'process.nam: x', error: createError('QUERY_INVALID') };

  it('returns the error while the text is the one it was reported for', () => {
    expect(errorForQuery(failure, '  process.nam: x')).toBe(failure.error);
  });

  it('returns null once the text changes', () => {
    expect(errorForQuery(failure, 'process.name: x')).toBeNull();
    expect(errorForQuery(null, 'process.nam: x')).toBeNull();
  });
});

function createError(code: string): ApiError {
  return { message: `${code} message`, code, field: null, position: null };
}
