import { transformFile } from '@swc/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../../', import.meta.url));
// Inside server/node_modules, so the compiled files resolve the server's packages; the
// `server/src` and `prisma` layout is kept for the paths the code computes. Each test
// process builds into a folder named by its pid: files run in parallel, and runs started
// side by side, must not rebuild under each other's servers.
const buildsDir = join(serverDir, 'node_modules/.cache/telltale-server-build');
const buildRoot = join(buildsDir, String(process.pid));

let build: Promise<string> | null = null;

/** A JSON line a server logged; a line that is not JSON is kept as its `message`. */
export interface LogLine {
  level?: string;
  context?: string;
  message?: string;
  [field: string]: unknown;
}

/** A `telltale serve` child process. */
export interface ServerProcess {
  /** What failure messages call it. */
  name: string;
  /** The base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  child: ChildProcess;
  /** The JSON lines it logged so far. */
  logs: LogLine[];
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  exited: Promise<number | null>;
  /** Whether it has exited. */
  hasExited(): boolean;
  /** Whether it logged a line with this message. */
  hasLogged(message: string): boolean;
  /** Ends the process with `signal` and waits for it; SIGKILL after `graceMs` if it lingers. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface ServerProcessOptions {
  /** @default 'server' */
  name?: string;
  /** How long it may take to listen, the build not counted. @default 30_000 */
  timeoutMs?: number;
}

/**
 * Starts `telltale serve` from the built sources on 127.0.0.1, port 0, with `env` added to
 * a minimal environment; resolves once it logs the address it listens on.
 */
export async function startServerProcess(
  env: Record<string, string>,
  { name = 'server', timeoutMs = 30_000 }: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const entry = await buildServer();
  if (!existsSync(entry)) throw new Error(`the server build is missing ${entry}`);
  const child = spawn(process.execPath, [entry, 'serve'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      TELLTALE_WEB_DIR: '',
      LOG_LEVEL: 'info',
      // Servers on PostgreSQL encrypt action secrets only with a key.
      TELLTALE_SECRET_KEY: 'telltale-test-secret-key-0123456789abcdef',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });

  // A test runner that exits must not leave servers behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let hasExited = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      hasExited = true;
      process.off('exit', killOnExit);
      resolve(code);
    }),
  );
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) => {
    if (hasExited) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const logs: LogLine[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not listen within ${timeoutMs} ms:\n${lastLines(logs)}`)),
      timeoutMs,
    );
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening:\n${lastLines(logs)}`));
    });

    createInterface({ input: child.stderr! }).on('line', (text) => {
      const line = parseLine(text);
      logs.push(line);
      if (line.message === 'listening' && typeof line.url === 'string') {
        clearTimeout(timer);
        resolve(line.url);
      }
    });
  }).catch(async (error: unknown) => {
    await stop('SIGKILL');
    throw error;
  });

  return {
    name,
    url,
    child,
    logs,
    exited,
    hasExited: () => hasExited,
    hasLogged: (message) => logs.some((line) => line.message === message),
    stop,
  };
}

/** The last lines a server logged, for failure messages. */
export function lastLines(logs: readonly LogLine[], count = 5): string {
  return logs
    .slice(-count)
    .map((line) => JSON.stringify(line))
    .join('\n');
}

/** Sends a GraphQL request and returns its data; throws on errors. */
export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

/**
 * Compiles the server's sources once per test process with SWC (decorator metadata on, as
 * in the Vitest config) and returns the entry point: starting or restarting a child then
 * costs a plain Node start, not a compile of every module.
 */
function buildServer(): Promise<string> {
  build ??= (async () => {
    removeStaleBuilds();
    rmSync(buildRoot, { recursive: true, force: true });

    const source = join(serverDir, 'src');
    await Promise.all(
      listSources(source).map(async (file) => {
        const output = await transformFile(file, {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
          module: { type: 'es6' },
          sourceMaps: false,
        });
        const target = join(buildRoot, 'server/src', relative(source, file)).replace(
          /\.ts$/,
          '.js',
        );
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, output.code);
      }),
    );
    writeFileSync(join(buildRoot, 'package.json'), '{ "type": "module" }\n');
    symlinkSync(join(serverDir, '../prisma'), join(buildRoot, 'prisma'));
    return join(buildRoot, 'server/src/cli/main.js');
  })();
  return build;
}

// Vitest ends its workers with a signal, so no build is removed by the process that made
// it: each build removes those of processes no longer running, and anything else there.
function removeStaleBuilds(): void {
  if (!existsSync(buildsDir)) return;
  for (const entry of readdirSync(buildsDir)) {
    const pid = Number(entry);
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) continue;
    rmSync(join(buildsDir, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function parseLine(text: string): LogLine {
  try {
    return JSON.parse(text) as LogLine;
  } catch {
    return { message: text };
  }
}
