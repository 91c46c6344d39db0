import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

import type { Context } from '../graphql/context.js';
import { createErrorFormatter } from '../graphql/format-error.js';
import type { Services } from '../services.js';
import type { UserRecord } from '../users/user.service.js';
import {
  allowMethods,
  createErrorResponder,
  createNotServedHandler,
  describeListenError,
  refuseUpgrade,
} from './http-errors.js';

export interface HttpServer {
  server: Server;
  /** The base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  close(): Promise<void>;
}

export interface HttpOptions {
  host: string;
  port: number;
  /** The account requests act as until sign-in exists. */
  user: UserRecord;
  /** Routes mounted before GraphQL, such as POST /ingest. */
  routes?: (app: express.Express) => void;
}

/**
 * Serves GraphQL over HTTP and WebSocket on `/graphql`, the extra routes, and the built
 * web app, from one HTTP server.
 */
export async function startHttpServer(
  services: Services,
  schema: GraphQLSchema,
  options: HttpOptions,
): Promise<HttpServer> {
  const logger = services.logger.child('http');
  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);

  const context = async (): Promise<Context> => ({ services, user: options.user });

  const formatError = createErrorFormatter(logger);
  // Not attached to the HTTP server, which would hand it the server's own errors (a port
  // in use) to report as an internal WebSocket error: upgrades are passed on below.
  const wsServer = new WebSocketServer({ noServer: true, path: '/graphql' });
  server.on('upgrade', (req, socket, head) => {
    if (!wsServer.shouldHandle(req)) return refuseUpgrade(socket, req.url ?? '/');
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });
  const wsCleanup = useServer(
    {
      schema,
      context,
      // Errors over the socket take the same shape as over HTTP: codes kept, internals hidden.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) }
          : result,
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) => ({
          message: error.message,
          locations: error.locations,
          extensions: {
            code: error.message.startsWith('Syntax Error')
              ? 'GRAPHQL_PARSE_FAILED'
              : 'GRAPHQL_VALIDATION_FAILED',
          },
        })),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // The process owns SIGINT and SIGTERM (cli/serve.ts closes the whole app). Apollo's own
    // handlers would stop only Apollo, then raise the signal again and end the process
    // with status 130 or 143 in the middle of the shutdown.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      {
        serverWillStart: async () => ({
          drainServer: async () => void (await wsCleanup.dispose()),
        }),
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  options.routes?.(app);
  app.use(
    '/graphql',
    allowMethods(['GET', 'POST']),
    express.json({ limit: '20mb' }),
    expressMiddleware(apollo, { context }),
  );
  serveWeb(app, services.config.webDir);
  app.use(createNotServedHandler(app));
  app.use(createErrorResponder(logger));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (error) {
    await apollo.stop().catch(() => {});
    wsServer.close();
    throw describeListenError(error, options);
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    server,
    url: `http://${host}:${address.port}`,
    close: async () => {
      await apollo.stop();
      wsServer.close();
    },
  };
}

// The web app is a single-page app: unknown paths get index.html and route in the browser.
function serveWeb(app: express.Express, webDir: string | null) {
  if (!webDir || !existsSync(join(webDir, 'index.html'))) return;
  app.use(express.static(webDir, { index: 'index.html', maxAge: '1h' }));
  app.get(/^(?!\/graphql|\/ingest).*/, (_req, res) => {
    res.sendFile(join(webDir, 'index.html'));
  });
}
