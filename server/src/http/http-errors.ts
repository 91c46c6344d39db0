import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import type { Duplex } from 'node:stream';

import { ConfigError } from '../config.js';
import type { Logger } from '../logger.js';

/** What the server answers on, for messages that point a lost client the right way. */
const served =
  'GraphQL at /graphql (POST, and WebSocket for subscriptions), events at POST /ingest, ' +
  'the health check at GET /healthz';

/** The body of an error answer: the GraphQL shape, or the ingest route's own. */
interface HttpError {
  status: number;
  code: string;
  message: string;
}

/**
 * Answers a request no route took: 405 with `Allow` when a route serves the path with
 * other methods, else 404; both name what is served.
 */
export function createNotServedHandler(app: Express): RequestHandler {
  return (req, res) => {
    const allowed = allowedMethods(app, req.path);
    if (allowed.length > 0) return refuseMethod(req, res, req.path, allowed);
    send(req, res, {
      status: 404,
      code: 'NOT_FOUND',
      message: `nothing is served at ${req.method} ${req.path}: Telltale serves ${served}`,
    });
  };
}

/**
 * Passes on the requests of a mounted path (such as /graphql) whose method is one of
 * `methods`; answers the others 405 with `Allow`, like {@link createNotServedHandler}.
 */
export function allowMethods(methods: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (methods.includes(req.method)) return next();
    refuseMethod(req, res, req.baseUrl, methods);
  };
}

function refuseMethod(req: Request, res: Response, path: string, allowed: readonly string[]) {
  res.set('Allow', allowed.join(', '));
  send(req, res, {
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    message: `${req.method} ${path} is not served: ${path} answers ${allowed.join(', ')}`,
  });
}

/**
 * The last error handler: every error reaches the client as JSON, never a stack trace,
 * whatever NODE_ENV says. Errors of the request itself (a body that is not JSON, or too
 * large) say so; anything else is logged and answered as an internal error.
 */
export function createErrorResponder(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = statusOf(error);
    if (status === null || status >= 500) {
      logger.error('request failed', { method: req.method, path: req.path, error });
    }
    // Part of an answer already went out: all that can be done is to end it.
    if (res.headersSent) return void res.destroy();

    send(req, res, toHttpError(error, status));
  };
}

/**
 * Answers a WebSocket upgrade on a path other than /graphql with a JSON 404, the way
 * {@link createNotServedHandler} answers plain requests.
 */
export function refuseUpgrade(socket: Duplex, url: string): void {
  const path = url.split('?')[0];
  const body = JSON.stringify({
    errors: [
      {
        message: `nothing is served at WebSocket ${path}: Telltale serves ${served}`,
        extensions: { code: 'NOT_FOUND' },
      },
    ],
  });
  socket.end(
    'HTTP/1.1 404 Not Found\r\nConnection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * What to tell the operator when the server cannot listen: a ConfigError naming the
 * setting to change for the usual causes, the error itself otherwise.
 */
export function describeListenError(
  error: unknown,
  { host, port }: { host: string; port: number },
): unknown {
  const where = `port ${port} on ${host}`;
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return new ConfigError(`${where} is in use: stop the other server or set PORT`);
    case 'EACCES':
      return new ConfigError(
        `${where} needs privileges this process does not have: set PORT to 1024 or above`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError(`HOST ${host} is not an address of this machine: set HOST`);
    default:
      return error;
  }
}

function toHttpError(error: unknown, status: number | null): HttpError {
  if (status === null || status >= 500) {
    return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
  }
  const { type, message, limit } = error as { type?: string; message?: string; limit?: number };
  if (status === 413) {
    const most = typeof limit === 'number' ? ` of ${formatBytes(limit)}` : '';
    return {
      status,
      code: 'PAYLOAD_TOO_LARGE',
      message: `the request body is larger than the limit${most}`,
    };
  }
  if (type === 'entity.parse.failed') {
    return { status, code: 'BAD_REQUEST', message: `the body is not valid JSON: ${message}` };
  }
  return { status, code: 'BAD_REQUEST', message: message ?? 'bad request' };
}

// The status of an HTTP error (body-parser, serve-static and the router set `status` and
// `expose` on errors meant for the client); null for anything else.
function statusOf(error: unknown): number | null {
  const { status, statusCode, expose } = (error ?? {}) as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
  };
  const value = typeof status === 'number' ? status : statusCode;
  if (typeof value !== 'number' || value < 400 || value > 599) return null;
  return value < 500 && expose === false ? null : value;
}

// /ingest answers in its documented shape, `{ error: { code, message } }`; the rest in the
// GraphQL one, which is what API clients read.
function send(req: Request, res: Response, error: HttpError): void {
  const body = isIngestPath(req.path)
    ? { error: { code: error.code, message: error.message } }
    : { errors: [{ message: error.message, extensions: { code: error.code } }] };
  res.status(error.status).json(body);
}

function isIngestPath(path: string): boolean {
  return path === '/ingest' || path.startsWith('/ingest/');
}

function allowedMethods(app: Express, path: string): string[] {
  const methods = new Set<string>();
  for (const layer of app.router.stack) {
    if (layer.route?.path !== path) continue;
    for (const handler of layer.route.stack) {
      if (handler.method) methods.add(handler.method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20 && bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
