import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { waitFor } from '../harness/wait.js';

const serverDir = fileURLToPath(new URL('../../', import.meta.url));

/** The log line a replica writes when it takes the evaluator lock. */
export const leaderMessage = 'this process now runs the evaluator';

export interface LogLine {
  level?: string;
  context?: string;
  message?: string;
  [field: string]: unknown;
}

/** A `telltale serve` child process. */
export interface Replica {
  name: string;
  /** The base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  child: ChildProcess;
  /** The JSON lines it logged so far. */
  logs: LogLine[];
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  exited: Promise<number | null>;
  /** True once the process logged that it took the evaluator lock. */
  hasLed(): boolean;
  /** Ends the process with `signal` and waits for it; SIGKILL after `graceMs` if it lingers. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Starts `telltale serve` from the TypeScript sources on 127.0.0.1, port 0, with `env`
 * added to a minimal environment; resolves once it logs the address it listens on.
 */
export async function startReplica(
  name: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<Replica> {
  const child = spawn(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'src/cli/main.ts', 'serve'],
    {
      cwd: serverDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        TELLTALE_WEB_DIR: '',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // A test runner that dies must not leave servers behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.off('exit', killOnExit);
      resolve(code);
    }),
  );

  const logs: LogLine[] = [];
  createInterface({ input: child.stderr! }).on('line', (text) => {
    try {
      logs.push(JSON.parse(text) as LogLine);
    } catch {
      logs.push({ message: text });
    }
  });

  let ended = false;
  void exited.then(() => (ended = true));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) => {
    if (ended) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  try {
    const listening = await waitFor(
      `replica ${name} to listen`,
      () => {
        if (ended) throw new Error(`replica ${name} exited: ${lastLines(logs)}`);
        return logs.find((line) => line.message === 'listening' && typeof line.url === 'string');
      },
      { timeoutMs, intervalMs: 50 },
    );
    return {
      name,
      url: listening.url as string,
      child,
      logs,
      exited,
      hasLed: () => logs.some((line) => line.message === leaderMessage),
      stop,
    };
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
}

/** The last lines a replica logged, for failure messages. */
export function lastLines(logs: readonly LogLine[], count = 5): string {
  return logs
    .slice(-count)
    .map((line) => JSON.stringify(line))
    .join('\n');
}
