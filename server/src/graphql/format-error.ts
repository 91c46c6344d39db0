import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';

import { TelltaleError } from '../errors.js';
import type { Logger } from '../logger.js';

// Codes Apollo and graphql-js attach to problems with the request itself; those messages
// describe the client's document and are safe to return as they are.
const requestCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Shapes errors for API clients: domain errors keep their message, code and details;
 * anything else is logged with its stack and reaches the client as a generic message.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);

    if (original instanceof TelltaleError) {
      return {
        message: original.message,
        path: formatted.path,
        extensions: { code: original.code, ...original.details },
      };
    }

    const code = formatted.extensions?.code;
    if (typeof code === 'string' && requestCodes.has(code)) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code } };
    }
    // type-graphql argument validation: the message names the argument.
    if (original instanceof Error && original.name === 'ArgumentValidationError') {
      return {
        message: original.message,
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT' },
      };
    }

    logger.error('request failed', { error: original, path: formatted.path });
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
