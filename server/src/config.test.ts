import { describe, expect, it } from 'vitest';

import { ConfigError, readConfig } from './config.js';

const cwd = '/srv/telltale';

describe(readConfig.name, () => {
  it('keeps an SQLite file under the data folder when DATABASE_URL is unset', () => {
    expect(readConfig({ TELLTALE_WEB_DIR: '' }, cwd)).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      dataDir: '/srv/telltale/data',
      store: {
        dialect: 'sqlite',
        path: '/srv/telltale/data/telltale.db',
        setting: 'TELLTALE_DATA_DIR',
      },
      redisUrl: null,
      webDir: null,
    });
  });

  it.each([
    ['postgresql://telltale@db/telltale', 'postgresql'],
    ['postgres://telltale@db/telltale', 'postgresql'],
  ])('reads %s as PostgreSQL', (url, dialect) => {
    expect(readConfig({ DATABASE_URL: url }, cwd).store).toEqual({ dialect, url });
  });

  it('resolves a file: URL against the working folder', () => {
    expect(readConfig({ DATABASE_URL: 'file:store/t.db' }, cwd).store).toEqual({
      dialect: 'sqlite',
      path: '/srv/telltale/store/t.db',
      setting: 'DATABASE_URL',
    });
  });

  it.each([
    [
      { DATABASE_URL: 'mysql://root:hunter2@db/telltale' },
      'DATABASE_URL must start with postgresql:// or postgres:// (PostgreSQL) or file: ' +
        '(SQLite); got mysql:',
    ],
    [
      { DATABASE_URL: 'telltale.db' },
      'DATABASE_URL must start with postgresql:// or postgres:// (PostgreSQL) or file: (SQLite)',
    ],
    [
      { DATABASE_URL: 'postgresql://telltale:pa#ss@db:5432/telltale' },
      'DATABASE_URL is not a valid URL: percent-encode the user name and password ' +
        '(# as %23, @ as %40, / as %2F, : as %3A) and give the port as a number',
    ],
    [
      { REDIS_URL: 'http://user:hunter2@127.0.0.1:6379' },
      'REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379; got one ' +
        'starting with http:',
    ],
    [
      { TELLTALE_SECRET_KEY: `   ${'k'.repeat(31)}   ` },
      'TELLTALE_SECRET_KEY must be at least 32 characters besides spaces; got 31 (make one ' +
        'with: openssl rand -hex 32)',
    ],
    [{ PORT: '80a' }, 'PORT must be a whole number from 0 to 65535; got "80a"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error; got "loud"'],
    [
      { TELLTALE_PUBLIC_URL: 'telltale.example' },
      'TELLTALE_PUBLIC_URL must be an http:// or https:// URL; got "telltale.example"',
    ],
  ])('refuses %j, naming the variable and never a password', (env, message) => {
    const error = captureError(() => readConfig(env, cwd));

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(message);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
