import {
  getContextClient,
  type AnyVariables,
  type Client,
  type OperationResult,
  type TypedDocumentNode,
} from '@urql/svelte';

import { toApiError, type ApiError } from './errors.js';

/** The state of one query as a view reads it. */
export interface QueryState<Data> {
  /**
   * The last successful result; kept while a refetch runs so the view does not jump, and
   * dropped when a run fails: the results of a failed query are never shown.
   */
  readonly data: Data | null;
  readonly error: ApiError | null;
  readonly fetching: boolean;
  /** Runs the query again with the current variables. */
  refetch(): void;
}

/**
 * Runs `document` whenever the variables returned by `variables` change.
 *
 * @remarks
 * Call it while a component initialises. Returning `null` from `variables` pauses the query.
 * Results of superseded runs are dropped, so a slow answer never overwrites a newer one.
 */
export function createQuery<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: () => Variables | null,
): QueryState<Data> {
  const client = getContextClient();
  let data = $state<Data | null>(null);
  let error = $state<ApiError | null>(null);
  let fetching = $state(false);
  let reloads = $state(0);
  let sequence = 0;

  $effect(() => {
    void reloads;
    const current = variables();
    if (current === null) return;

    const run = ++sequence;
    fetching = true;
    void execute(client, document, current).then((result) => {
      if (run !== sequence) return;
      fetching = false;
      error = result.error;
      data = result.data;
    });
  });

  return {
    get data() {
      return data;
    },
    get error() {
      return error;
    },
    get fetching() {
      return fetching;
    },
    refetch: () => {
      reloads += 1;
    },
  };
}

/** The outcome of one query or mutation: data, or the error the UI shows. */
export type Outcome<Data> = { data: Data; error: null } | { data: null; error: ApiError };

/** Runs a query once and settles with its data or its error. */
export async function execute<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Outcome<Data>> {
  return settle(await client.query(document, variables).toPromise());
}

/** Runs a mutation and settles with its data or its error. */
export async function mutate<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Outcome<Data>> {
  return settle(await client.mutation(document, variables).toPromise());
}

function settle<Data>(result: OperationResult<Data>): Outcome<Data> {
  if (result.error) return { data: null, error: toApiError(result.error) };
  return { data: result.data as Data, error: null };
}
