// The typed client integrators import as `@telltale/server/client`: the client, its error,
// and the generated documents and types of the operations in ./operations.
export { createTelltaleClient } from './client.js';
export type {
  HeadersOption,
  TelltaleClient,
  TelltaleClientOptions,
  VariablesArgument,
} from './client.js';
export { TelltaleApiError } from './api-error.js';
export type { GraphqlErrorBody } from './api-error.js';
export * from './generated.js';
