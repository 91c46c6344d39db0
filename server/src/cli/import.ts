import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { constants } from 'node:os';
import { basename } from 'node:path';

import { systemClock, type Clock } from '../clock.js';
import { readConfig } from '../config.js';
import { IngestService } from '../events/ingest/ingest.service.js';
import { SummaryBuilder, type IngestSummary } from '../events/ingest/ingest.summary.js';
import { ProgressReporter, type ProgressOutput } from '../events/ingest/progress.js';
import { createLogger } from '../logger.js';
import { createPubSubBus } from '../pubsub/pubsub.js';
import { openStore } from '../store/store.js';

export interface ImportIo {
  stdin: NodeJS.ReadableStream;
  /** Gets one JSON summary per input. */
  stdout: { write(text: string): unknown };
  /** Gets the progress and the errors. */
  stderr: ProgressOutput;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** Where SIGINT and SIGTERM are heard. */
  signals: Signals;
}

interface Signals {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

const usage = `usage: telltale import FILE...

Stores the events of NDJSON files (plain or gzip; "-" reads stdin) in the store named by
DATABASE_URL. Prints each file's summary as JSON: accepted, skipped and rejected lines,
with line numbers and reasons. Exits 0 when every file was read and stored (rejected lines
included), 1 when a file could not be read or stored, 2 on a usage error. SIGINT or SIGTERM
stops it after the batch being stored, prints the summary so far and exits 130 or 143.`;

/** `telltale import FILE...`: stores the events of NDJSON files, streaming, with progress. */
export async function importFiles(files: string[], io: Partial<ImportIo> = {}): Promise<number> {
  const { stdin, stdout, stderr, env, clock, signals } = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    clock: systemClock,
    signals: process,
    ...io,
  };
  if (files.length === 0 || files.some((file) => file.startsWith('-') && file !== '-')) {
    stderr.write(`${usage}\n`);
    return 2;
  }

  // Heard from the start, and until the store is closed: a second Ctrl-C must not cut the
  // summary short.
  let interrupted: NodeJS.Signals | null = null;
  let ingest: IngestService | null = null;
  const interrupt = () => {
    if (interrupted) void ingest?.interrupt(`the import was interrupted (${interrupted})`);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    interrupt();
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  try {
    const failed = await importAll(files, { stdin, stdout, stderr, env, clock }, (service) => {
      ingest = service;
      interrupt();
    });
    // As a shell reports a process ended by the signal: 128 + its number.
    if (interrupted) return 128 + constants.signals[interrupted];
    return failed ? 1 : 0;
  } finally {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
  }
}

// Imports `files` one after the other, stopping after an interrupted one; true when one
// failed.
async function importAll(
  files: string[],
  { stdin, stdout, stderr, env, clock }: Omit<ImportIo, 'signals'>,
  onIngest: (ingest: IngestService) => void,
): Promise<boolean> {
  const config = readConfig(env);
  const logger = createLogger('telltale', {
    level: config.logLevel,
    write: (line) => stderr.write(`${line}\n`),
  });
  const store = await openStore(config.store, logger.child('store'));
  // With Redis, running servers hear about the new events as if they had stored them.
  const pubsub = config.redisUrl
    ? createPubSubBus(config.redisUrl, logger.child('pubsub'), { redisPrefix: config.redisPrefix })
    : null;
  const ingest = new IngestService({ db: store.db, clock, logger: logger.child('ingest'), pubsub });
  onIngest(ingest);
  const progress = new ProgressReporter(stderr, clock);

  let failed = false;
  try {
    for (const file of files) {
      const name = file === '-' ? 'stdin' : basename(file);
      const result = await importOne(file, name, { ingest, progress, stdin, clock });
      progress.clear();
      const printed = { file, ...result.summary, ...(result.error && { error: result.error }) };
      stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
      const stopped = result.error ? `; stopped: ${result.error.message}` : '';
      stderr.write(`${recap(name, result.summary)}${stopped}\n`);
      failed ||= result.error !== null;
      if (result.error?.code === 'INTERRUPTED') break;
    }
  } finally {
    await pubsub?.close();
    await store.close();
  }
  return failed;
}

interface ImportDeps {
  ingest: IngestService;
  progress: ProgressReporter;
  stdin: NodeJS.ReadableStream;
  clock: Clock;
}

/** Why an import stopped early, as printed in its JSON summary. */
interface ImportError {
  code: string;
  message: string;
  [detail: string]: unknown;
}

async function importOne(
  file: string,
  name: string,
  { ingest, progress, stdin, clock }: ImportDeps,
): Promise<{ summary: IngestSummary; error: ImportError | null }> {
  const started = clock.now();
  const unreadable = (message: string) => ({
    summary: new SummaryBuilder().build(),
    error: { code: 'UNREADABLE_INPUT', message },
  });
  let totalBytes: number | null = null;
  let source: AsyncIterable<Buffer>;
  try {
    if (file === '-') source = stdin as AsyncIterable<Buffer>;
    else {
      const found = await stat(file);
      if (found.isDirectory()) return unreadable(`${file} is a folder: name the files in it`);
      totalBytes = found.size;
      source = createReadStream(file);
    }
  } catch (error) {
    return unreadable(unreadableReason(file, error as NodeJS.ErrnoException));
  }

  const state = { name, bytes: 0, totalBytes, lines: 0, accepted: 0, elapsedMs: 0 };
  // An interrupted import stops reading, but a chunk already being read still arrives: it
  // must not draw progress after the summary.
  let ended = false;
  const counted = (async function* () {
    for await (const chunk of source) {
      if (ended) return;
      state.bytes += chunk.length;
      state.elapsedMs = clock.now() - started;
      progress.update(state);
      yield chunk;
    }
  })();

  const { summary, stopped } = await ingest.ingestStream(counted, {
    gzip: file.endsWith('.gz'),
    onProgress: (sofar) => {
      state.lines = sofar.lines;
      state.accepted = sofar.accepted;
    },
  });
  ended = true;
  state.lines = summary.lines;
  state.accepted = summary.accepted;
  state.elapsedMs = clock.now() - started;
  progress.done(state);
  // As POST /ingest answers: the details (the last line stored) beside code and message.
  const error = stopped && { code: stopped.code, message: stopped.message, ...stopped.details };
  return { summary, error };
}

function recap(name: string, summary: IngestSummary): string {
  const { lines, accepted, skipped, rejected } = summary;
  return `${name}: ${lines} lines, ${accepted} accepted, ${skipped} skipped, ${rejected} rejected`;
}

function unreadableReason(file: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return `${file} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `${file} cannot be read: permission denied`;
    default:
      return String(error);
  }
}
