import { afterEach, describe, expect, it } from 'vitest';

import { startApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createTestTarget } from '../harness/stores.js';

describe(startApp.name, () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('refuses to start a second server on the same SQLite file, and starts once it is free', async () => {
    const { target, destroy } = await createTestTarget('sqlite');
    cleanups.push(destroy);
    if (target.dialect !== 'sqlite') throw new Error('expected a SQLite target');
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      TELLTALE_WEB_DIR: '',
      DATABASE_URL: `file:${target.path}`,
    });

    const first: App = await startApp(config, silentLogger);
    const second = await startApp(config, silentLogger).catch((error: unknown) => error);
    await first.close();
    const third = await startApp(config, silentLogger);
    cleanups.unshift(() => third.close());

    expect(second).toMatchObject({ code: 'STORE_IN_USE', details: { path: target.path } });
    expect(third.http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
