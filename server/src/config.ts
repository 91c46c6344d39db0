import { resolve } from 'node:path';

import type { LogLevel } from './logger.js';
import { minSecretKeyLength } from './store/secret-box.js';
import type { StoreTarget } from './store/store.js';

/** Everything the server reads from its environment, parsed once at start. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  store: StoreTarget;
  redisUrl: string | null;
  /** Put before every Redis channel name, so deployments can share one Redis. */
  redisPrefix: string;
  logLevel: LogLevel;
  /** Where the built web app lives; null when it is not served. */
  webDir: string | null;
  /** How long the evaluator waits for late events before closing a window (ms). */
  allowedLatenessMs: number;
  /** The dashboard's public base URL, for links in alert messages; null leaves them out. */
  publicUrl: string | null;
  /** How deliveries are tried: docs/semantics.md, section 6. */
  delivery: { maxAttempts: number; backoffBaseMs: number; timeoutMs: number };
  /** The most bytes one POST /ingest body may hold, after decompression. */
  ingestMaxBodyBytes: number;
  /** Encrypts action secrets in the store; null: a key file beside a SQLite store, or none. */
  secretKey: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Reads the configuration from environment variables; throws ConfigError naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const dataDir = resolve(cwd, env.TELLTALE_DATA_DIR ?? 'data');
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(
      `LOG_LEVEL must be one of ${logLevels.join(', ')}; got "${env.LOG_LEVEL}"`,
    );
  }

  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir,
    store: storeTarget(env.DATABASE_URL, dataDir, cwd),
    redisUrl: redisUrl(env.REDIS_URL),
    redisPrefix: env.TELLTALE_REDIS_PREFIX ?? 'telltale:',
    logLevel,
    webDir:
      env.TELLTALE_WEB_DIR === '' ? null : resolve(cwd, env.TELLTALE_WEB_DIR ?? defaultWebDir()),
    allowedLatenessMs:
      integer(env, 'TELLTALE_ALLOWED_LATENESS_SECONDS', 60, 0, 7 * 24 * 3600) * 1000,
    publicUrl: publicUrl(env.TELLTALE_PUBLIC_URL),
    delivery: {
      maxAttempts: integer(env, 'TELLTALE_DELIVERY_ATTEMPTS', 5, 1, 20),
      backoffBaseMs: integer(env, 'TELLTALE_DELIVERY_BACKOFF_SECONDS', 30, 1, 3600) * 1000,
      timeoutMs: integer(env, 'TELLTALE_DELIVERY_TIMEOUT_SECONDS', 10, 1, 300) * 1000,
    },
    ingestMaxBodyBytes: integer(env, 'TELLTALE_INGEST_MAX_BODY_MB', 256, 1, 1024 * 1024) * 2 ** 20,
    secretKey: secretKey(env.TELLTALE_SECRET_KEY),
  };
}

function redisUrl(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^rediss?:\/\//i.test(value) || !URL.canParse(value)) {
    // The scheme alone: the rest of the URL may hold a password.
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0];
    throw new ConfigError(
      `REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379; got ` +
        (scheme ? `one starting with ${scheme}` : 'no URL'),
    );
  }
  return value;
}

// Trimmed, as a key file is: a key pasted with a line break opens what it sealed.
function secretKey(value: string | undefined): string | null {
  const key = value?.trim() ?? '';
  if (value === undefined || value === '') return null;
  if (key.length < minSecretKeyLength) {
    throw new ConfigError(
      `TELLTALE_SECRET_KEY must be at least ${minSecretKeyLength} characters besides spaces; ` +
        `got ${key.length} (make one with: openssl rand -hex 32)`,
    );
  }
  return key;
}

function storeTarget(url: string | undefined, dataDir: string, cwd: string): StoreTarget {
  if (!url) {
    return {
      dialect: 'sqlite',
      path: resolve(dataDir, 'telltale.db'),
      setting: 'TELLTALE_DATA_DIR',
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (!URL.canParse(url)) {
      throw new ConfigError(
        'DATABASE_URL is not a valid URL: percent-encode the user name and password ' +
          '(# as %23, @ as %40, / as %2F, : as %3A) and give the port as a number',
      );
    }
    return { dialect: 'postgresql', url };
  }
  if (url.startsWith('file:')) {
    return {
      dialect: 'sqlite',
      path: resolve(cwd, url.slice('file:'.length)),
      setting: 'DATABASE_URL',
    };
  }
  // The scheme alone: the rest of the URL may hold a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
  throw new ConfigError(
    'DATABASE_URL must start with postgresql:// or postgres:// (PostgreSQL) or file: (SQLite)' +
      (scheme ? `; got ${scheme}` : ''),
  );
}

function publicUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  if (!/^https?:\/\/[^/\s]+/.test(raw)) {
    throw new ConfigError(`TELLTALE_PUBLIC_URL must be an http:// or https:// URL; got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

function defaultWebDir(): string {
  // server/src/config.ts and server/dist/config.js both sit two levels below the repo root.
  return new URL('../../web/build', import.meta.url).pathname;
}
