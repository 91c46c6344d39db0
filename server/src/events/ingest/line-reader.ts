import { createGunzip } from 'node:zlib';

import { BodyTooLargeError } from './ingest.errors.js';

/** One line of NDJSON input, numbered from 1, without its line ending. */
export type SourceLine =
  | { number: number; text: string }
  /** A line longer than the limit: its bytes were dropped unread. */
  | { number: number; tooLong: true };

export interface LineLimits {
  /** The longest line accepted, in bytes; longer lines are reported, not read. */
  maxLineBytes: number;
  /** The most bytes read in all (after decompression); more fails with BodyTooLargeError. */
  maxBytes?: number;
}

const newline = 0x0a;
const gzipMagic = [0x1f, 0x8b];

/**
 * Splits a byte stream into lines, holding at most one line in memory. A UTF-8 byte order
 * mark at the start of any line and `\r\n` endings are accepted; a last line without a
 * newline counts.
 */
export async function* readLines(
  source: AsyncIterable<Buffer>,
  limits: LineLimits,
): AsyncGenerator<SourceLine> {
  let pieces: Buffer[] = [];
  let pending = 0;
  let dropping = false;
  let number = 0;
  let total = 0;

  const finish = (): SourceLine => {
    number += 1;
    if (dropping) {
      dropping = false;
      return { number, tooLong: true };
    }
    let text = Buffer.concat(pieces, pending).toString('utf8');
    pieces = [];
    pending = 0;
    // Not only the first line: each concatenated gzip member, or each appended file, may
    // start with its own (Windows PowerShell 5 writes one on every `Out-File -Encoding utf8`).
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return { number, text };
  };

  for await (const chunk of source) {
    total += chunk.length;
    if (limits.maxBytes !== undefined && total > limits.maxBytes) {
      throw new BodyTooLargeError(limits.maxBytes, number);
    }

    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(newline, start);
      const stop = end === -1 ? chunk.length : end;
      if (!dropping) {
        if (pending + (stop - start) > limits.maxLineBytes) {
          dropping = true;
          pieces = [];
          pending = 0;
        } else if (stop > start) {
          pieces.push(chunk.subarray(start, stop));
          pending += stop - start;
        }
      }
      if (end === -1) break;
      yield finish();
      start = end + 1;
    }
  }

  if (pending > 0 || dropping) yield finish();
}

/**
 * The bytes of `source`, gunzipped when `gzip` is set or the stream starts with the gzip
 * magic bytes. Concatenated gzip members are read one after the other.
 */
export async function* decompress(
  source: AsyncIterable<Buffer>,
  gzip = false,
): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;

  const head: Buffer = first.value;
  const rest = (async function* () {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value as Buffer;
    }
  })();

  if (!gzip && !(head[0] === gzipMagic[0] && head[1] === gzipMagic[1])) {
    yield* rest;
    return;
  }

  yield* gunzip(rest);
}

// Deflate expands a piece at most about 1000-fold: 16 KiB in, at most ~16 MiB out at once.
const gunzipPiece = 16 * 1024;

/**
 * Gunzips `source` piece by piece. Unlike iterating a zlib stream, everything decoded
 * before a corrupt or truncated spot is yielded before the error is thrown: zlib destroys
 * its stream on an error, discarding output no one has read yet.
 */
async function* gunzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const zlib = createGunzip();
  const output: Buffer[] = [];
  let failure: Error | null = null;
  let wake = () => {};
  zlib.on('data', (chunk: Buffer) => output.push(chunk));
  zlib.on('error', (error) => {
    failure ??= error;
    wake();
  });
  zlib.on('end', () => wake());
  // Resolves when `start`'s callback runs, zlib fails, or its output ends.
  const until = (start: (done: (error?: Error | null) => void) => void) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      start((error) => {
        if (error) failure ??= error;
        resolve();
      });
    });

  try {
    for await (const chunk of source) {
      for (let start = 0; start < chunk.length && !failure; start += gunzipPiece) {
        const piece = chunk.subarray(start, start + gunzipPiece);
        await until((done) => zlib.write(piece, done));
        yield* output.splice(0);
      }
      if (failure) break;
    }
    // A truncated end is reported after 'finish', so wait for 'end' or 'error'.
    if (!failure) await until(() => zlib.end());
    yield* output.splice(0);
    if (failure) throw failure;
  } finally {
    zlib.destroy();
  }
}
