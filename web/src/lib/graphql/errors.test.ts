import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import { toApiError } from './errors.js';

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
