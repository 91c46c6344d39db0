import type express from 'express';

import type { TelltaleError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { BodyTooLargeError, UnsupportedEncodingError } from './ingest.errors.js';
import type { IngestService } from './ingest.service.js';

export interface IngestRouteOptions {
  /** The most bytes one request may carry, after decompression. @default 256 MiB */
  maxBodyBytes?: number;
  /** The longest line. @default 1 MiB */
  maxLineBytes?: number;
  logger: Logger;
}

// How long the rest of a stopped upload is read and dropped after the answer.
const lingerMs = 2000;

const statusByCode: Record<string, number> = {
  BODY_TOO_LARGE: 413,
  UNREADABLE_INPUT: 400,
  UNSUPPORTED_ENCODING: 415,
  STORE_FAILED: 503,
  INTERRUPTED: 503,
};

/**
 * Mounts `POST /ingest`: an NDJSON body, optionally gzip (`Content-Encoding: gzip` or the
 * gzip magic bytes), read as a stream. Answers 200 with the summary; when the input stops
 * early, the error and the summary of what was stored before it.
 */
export function mountIngestRoute(
  app: express.Express,
  ingest: IngestService,
  options: IngestRouteOptions,
): void {
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024 * 1024;

  app.post('/ingest', async (req, res) => {
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    const gzip = encoding === 'gzip' || encoding === 'x-gzip';
    const refuse = (error: TelltaleError) => {
      // The rest of the body is not read: close the connection after answering.
      res.set('Connection', 'close');
      res.status(statusByCode[error.code] ?? 400).json({ error: errorBody(error) });
    };

    if (!gzip && encoding !== 'identity') return refuse(new UnsupportedEncodingError(encoding));
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > maxBodyBytes) return refuse(new BodyTooLargeError(maxBodyBytes, 0));

    const { summary, stopped } = await ingest.ingestStream(req, {
      gzip,
      maxBytes: maxBodyBytes,
      maxLineBytes: options.maxLineBytes,
    });
    if (!stopped) return void res.json(summary);

    options.logger.debug('ingest stopped early', { code: stopped.code, lines: summary.lines });
    if (!req.complete) dropRestOfBody(req, res);
    res.status(statusByCode[stopped.code] ?? 500).json({ error: errorBody(stopped), summary });
  });
}

/**
 * Reads and drops what the client still sends after its upload was stopped. Closing the
 * connection with bytes unread makes the kernel reset it, and a client still sending could
 * lose the answer on its way (one listing many skipped lines is larger than a socket
 * buffer). A client that keeps sending is cut off `lingerMs` after the answer went out.
 */
function dropRestOfBody(req: express.Request, res: express.Response) {
  req.resume();
  res.once('finish', () => {
    if (req.complete) return;
    const timer = setTimeout(() => req.socket.destroy(), lingerMs);
    timer.unref();
    const stop = () => clearTimeout(timer);
    req.once('end', stop);
    req.socket.once('close', stop);
  });
}

function errorBody(error: TelltaleError) {
  return { code: error.code, message: error.message, ...error.details };
}
