import { transformFile } from '@swc/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../../', import.meta.url));
// Inside server/node_modules, so the compiled files resolve the server's packages; the
// `server/src` and `prisma` layout is kept for the paths the code computes.
const buildRoot = join(serverDir, 'node_modules/.cache/telltale-server-build');

let build: Promise<string> | null = null;

/**
 * Compiles the server's sources once per test run with SWC (decorator metadata on, as in
 * the Vitest config) and returns the entry point: restarting a child then costs a plain
 * Node start, not a compile of every module.
 */
export function buildServer(): Promise<string> {
  build ??= (async () => {
    rmSync(buildRoot, { recursive: true, force: true });
    const source = join(serverDir, 'src');
    const files = listSources(source);
    await Promise.all(
      files.map(async (file) => {
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

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** A server started as a child process from the TypeScript sources. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  /** Whether it has exited. */
  hasExited(): boolean;
  /** The JSON log lines it wrote so far. */
  logs: Array<Record<string, unknown>>;
}

/**
 * Starts `telltale serve` in a child process on 127.0.0.1, port 0, and resolves once it
 * logs the address it listens on.
 */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
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
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let hasExited = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      hasExited = true;
      resolve();
    }),
  );
  const logs: Array<Record<string, unknown>> = [];

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited before listening: ${JSON.stringify(logs.slice(-3))}`));
    });

    createInterface({ input: child.stderr! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        entry = { message: line };
      }
      logs.push(entry);
      if (entry.message === 'listening' && typeof entry.url === 'string') {
        clearTimeout(timer);
        resolve({ url: entry.url, child, exited, logs, hasExited: () => hasExited });
      }
    });
  });
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
