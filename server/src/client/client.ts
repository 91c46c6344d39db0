import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import NodeWebSocket from 'ws';

import { isGraphqlErrorList, TelltaleApiError, type GraphqlErrorBody } from './api-error.js';

/** Extra request headers, or a function giving them before each request (a fresh token). */
export type HeadersOption =
  Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

export interface TelltaleClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`; subscriptions use it as ws(s). */
  url: string;
  /** Sent with every HTTP request, and as the subscription socket's connection parameters. */
  headers?: HeadersOption;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** A WebSocket class for subscriptions. @default globalThis.WebSocket, else the `ws` package */
  webSocketImpl?: unknown;
}

/**
 * The variables argument of an operation: required when the operation has a required
 * variable, optional otherwise.
 */
export type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

/** A typed client of the Telltale GraphQL API. */
export interface TelltaleClient {
  /**
   * Runs a query or mutation over HTTP POST and resolves with its `data`; rejects with a
   * {@link TelltaleApiError} when the answer holds errors.
   */
  request<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...variables: VariablesArgument<TVariables>
  ): Promise<TResult>;
  /**
   * Starts a subscription over graphql-ws and yields the `data` of each event. Iteration
   * throws a {@link TelltaleApiError} when the server reports errors; `return()` ends it.
   */
  subscribe<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...variables: VariablesArgument<TVariables>
  ): AsyncIterableIterator<TResult>;
  /** Closes the subscription socket, ending every subscription. */
  close(): Promise<void>;
}

interface GraphqlAnswer {
  data?: unknown;
  errors?: GraphqlErrorBody[];
}

const bodyExcerptLength = 500;

/** Creates a client of the Telltale API at `options.url`. */
export function createTelltaleClient(options: TelltaleClientOptions): TelltaleClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const headersOf = async () =>
    typeof options.headers === 'function' ? await options.headers() : (options.headers ?? {});
  let sockets: Client | null = null;

  return {
    async request<TResult, TVariables>(
      document: TypedDocumentNode<TResult, TVariables>,
      ...[variables]: VariablesArgument<TVariables>
    ): Promise<TResult> {
      const headers = {
        accept: 'application/graphql-response+json, application/json',
        ...(await headersOf()),
        // Last, so no caller header replaces it: the server refuses form and text bodies.
        'content-type': 'application/json',
      };
      let response: Response;
      let text: string;
      try {
        response = await fetchImpl(options.url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: textOf(document), variables: variables ?? {} }),
        });
        text = await response.text();
      } catch (error) {
        throw networkError(options.url, error);
      }

      const answer = parseAnswer(text);
      if (answer?.errors?.length) throw TelltaleApiError.fromErrors(answer.errors);
      if (!response.ok || answer?.data == null) throw httpError(response.status, text);
      return answer.data as TResult;
    },

    subscribe<TResult, TVariables>(
      document: TypedDocumentNode<TResult, TVariables>,
      ...[variables]: VariablesArgument<TVariables>
    ): AsyncIterableIterator<TResult> {
      sockets ??= createClient({
        url: webSocketUrl(options.url),
        webSocketImpl: options.webSocketImpl ?? globalThis.WebSocket ?? NodeWebSocket,
        connectionParams: headersOf,
      });
      const source = sockets.iterate<TResult>({
        query: textOf(document),
        variables: (variables ?? {}) as Record<string, unknown>,
      });
      return dataOf(source);
    },

    async close() {
      const current = sockets;
      sockets = null;
      await current?.dispose();
    },
  };
}

const printed = new WeakMap<DocumentNode, string>();

function textOf(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

function webSocketUrl(url: string): string {
  const parsed = new URL(url);
  parsed.protocol = parsed.protocol === 'https:' ? 'wss:' : 'ws:';
  return parsed.toString();
}

function parseAnswer(text: string): GraphqlAnswer | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && ('data' in value || 'errors' in value)
      ? (value as GraphqlAnswer)
      : null;
  } catch {
    return null;
  }
}

// fetch rejects with a bare "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a reset
// socket) is on its cause.
function networkError(url: string, error: unknown): TelltaleApiError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason =
    (cause as { code?: unknown } | null)?.code ?? (cause instanceof Error ? cause.message : cause);
  return new TelltaleApiError(
    `Could not reach the Telltale API at ${url} (${String(reason)})`,
    'NETWORK_ERROR',
    { url, reason: String(reason) },
  );
}

function httpError(status: number, body: string): TelltaleApiError {
  return new TelltaleApiError(
    `The API answered HTTP ${status} without a GraphQL result`,
    'HTTP_ERROR',
    {
      status,
      body: body.slice(0, bodyExcerptLength),
    },
  );
}

// Yields each event's data; `return()` ends the subscription at once, even while a
// `next()` is waiting for an event.
function dataOf<TResult>(
  source: AsyncIterableIterator<{ data?: TResult | null; errors?: readonly GraphqlErrorBody[] }>,
): AsyncIterableIterator<TResult> {
  const finished: IteratorReturnResult<undefined> = { done: true, value: undefined };
  let closed = false;
  let onClose = () => {};
  const closing = new Promise<IteratorReturnResult<undefined>>((resolve) => {
    onClose = () => resolve(finished);
  });

  const iterator: AsyncIterableIterator<TResult> = {
    async next() {
      if (closed) return finished;

      let step;
      try {
        step = await Promise.race([source.next(), closing]);
      } catch (error) {
        throw subscriptionError(error);
      }
      if (step.done) return finished;
      const { data, errors } = step.value;
      if (errors?.length) throw TelltaleApiError.fromErrors(errors);
      return { done: false, value: data as TResult };
    },
    async return() {
      if (!closed) {
        closed = true;
        onClose();
        await source.return?.();
      }
      return finished;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

function subscriptionError(error: unknown): unknown {
  if (isGraphqlErrorList(error)) return TelltaleApiError.fromErrors(error);
  if (isCloseEvent(error)) {
    return new TelltaleApiError(
      `The subscription socket closed (${error.code}${error.reason ? `: ${error.reason}` : ''})`,
      'CONNECTION_CLOSED',
      { closeCode: error.code, reason: error.reason },
    );
  }
  return error;
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'number' &&
    typeof (value as { reason?: unknown }).reason === 'string'
  );
}
