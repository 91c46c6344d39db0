import { Client, fetchExchange, subscriptionExchange } from '@urql/svelte';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

/** Whether the live connection (graphql-ws) is up. */
export type LiveStatus = 'connecting' | 'connected' | 'closed';

export interface GraphqlClients {
  client: Client;
  ws: WsClient;
}

export interface GraphqlClientOptions {
  /** The page's origin, e.g. `http://127.0.0.1:4000`. */
  origin: string;
  /** Called whenever the live connection opens or closes. */
  onLiveStatus?: (status: LiveStatus) => void;
}

/**
 * Creates the urql client for `/graphql`: queries and mutations over HTTP POST,
 * subscriptions over graphql-ws on the same path.
 *
 * @remarks
 * Call it in the browser only.
 * No cache exchange: every view shows live data, so each query goes to the network.
 */
export function createGraphqlClients(options: GraphqlClientOptions): GraphqlClients {
  const wsUrl = `${options.origin.replace(/^http/, 'ws')}/graphql`;
  const ws = createWsClient({
    url: wsUrl,
    // Open at once, so the header shows whether live updates work on every page.
    lazy: false,
    // An analyst leaves the dashboard open for hours: keep reconnecting after restarts.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connecting: () => options.onLiveStatus?.('connecting'),
      connected: () => options.onLiveStatus?.('connected'),
      closed: () => options.onLiveStatus?.('closed'),
    },
  });

  const client = new Client({
    url: `${options.origin}/graphql`,
    // Apollo's CSRF guard rejects GET queries without a preflight header.
    preferGetMethod: false,
    requestPolicy: 'network-only',
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });

  return { client, ws };
}
