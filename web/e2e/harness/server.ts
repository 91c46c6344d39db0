import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverEntry = join(repoRoot, 'server/dist/cli/main.js');
const webDir = join(repoRoot, 'web/build');
const startTimeoutMs = 30_000;

/** A Telltale server started for one test file, on a fresh SQLite store. */
export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** What the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Whether `pnpm build` has produced the server and the web app the tests drive. */
export function missingBuild(): string | null {
  if (!existsSync(serverEntry)) return `${serverEntry} is missing: run \`pnpm build\` first`;
  if (!existsSync(join(webDir, 'index.html'))) {
    return `${webDir}/index.html is missing: run \`pnpm build\` first`;
  }
  return null;
}

/**
 * Starts the built server on a free port of 127.0.0.1 with its own data folder. Its public
 * URL is its own address, so messages link to its pages; `env` adds or overrides settings.
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'telltale-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';

  const child = spawn(process.execPath, [serverEntry, 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TELLTALE_DATA_DIR: dataDir,
      TELLTALE_WEB_DIR: webDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
      TELLTALE_PUBLIC_URL: url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => output, stop };
}

// The server takes PORT from the environment, so a port is reserved by listening on 0 first.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with code ${child.exitCode}:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `the server did not answer ${url}/healthz within ${startTimeoutMs} ms:\n${output()}`,
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
