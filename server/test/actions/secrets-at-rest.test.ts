import { afterEach, describe, expect, it } from 'vitest';

import { ActionType } from '../../src/actions/action.settings.js';
import { startApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { StoreTarget } from '../../src/store/store.js';
import { createTestTarget, dialects } from '../harness/stores.js';

const hookUrl = 'http://127.0.0.1:39/hooks/secret-path-0123456789';
const key = 'telltale-test-secret-key-0123456789abcdef';

describe.each(dialects)('action secrets at rest on %s', (dialect) => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const target = async () => {
    const { target, destroy } = await createTestTarget(dialect);
    cleanups.push(destroy);
    return target;
  };

  const start = async (on: StoreTarget, secretKey: string | null, logger?: Logger) => {
    const config = readConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      TELLTALE_WEB_DIR: '',
      DATABASE_URL: on.dialect === 'sqlite' ? `file:${on.path}` : on.url,
      ...(secretKey && { TELLTALE_SECRET_KEY: secretKey }),
    });
    const app = await startApp(config, logger ?? createLogger('test', { write: () => {} }));
    cleanups.unshift(() => app.close());
    return app;
  };

  const createHook = async (app: App) => {
    const user = await app.services.users.ensure();
    return app.services.actions.create(
      { name: 'Hook', settings: { type: ActionType.WEBHOOK, webhook: { url: hookUrl } } },
      user,
    );
  };

  const storedSecrets = async (app: App) =>
    (await app.services.store.db.get<{ secrets: string }>('SELECT secrets FROM actions'))!.secrets;

  it('stores secrets encrypted and reads them back whole for sending', async () => {
    // SQLite makes its own key beside the store; PostgreSQL needs one configured.
    const app = await start(await target(), dialect === 'sqlite' ? null : key);

    const action = await createHook(app);
    const stored = await storedSecrets(app);
    const found = await app.services.actions.get(action.id);

    expect(stored).toMatch(/^enc:v1:/);
    expect(stored).not.toContain('secret-path');
    expect(found.settings).toEqual({
      type: ActionType.WEBHOOK,
      webhook: { url: hookUrl, headers: [] },
    });
  });

  it('encrypts secrets stored in clear when it starts, and refuses to start with another key', async () => {
    const on = await target();
    const first = await start(on, key);
    const action = await createHook(first);
    await first.services.store.db.run('UPDATE actions SET secrets = ?', [
      JSON.stringify({ url: hookUrl, headers: [] }),
    ]);
    await first.close();

    const lines: string[] = [];
    const second = await start(
      on,
      key,
      createLogger('test', { write: (line) => lines.push(line) }),
    );
    const stored = await storedSecrets(second);
    const found = await second.services.actions.get(action.id);
    await second.close();

    expect(stored).toMatch(/^enc:v1:/);
    expect(found.settings).toEqual({
      type: ActionType.WEBHOOK,
      webhook: { url: hookUrl, headers: [] },
    });
    expect(lines.map((line) => JSON.parse(line).message)).toContain(
      'encrypted the secrets of stored actions',
    );
    await expect(start(on, `${key}-other`)).rejects.toThrow(
      'action secrets were encrypted with another key: set TELLTALE_SECRET_KEY to the key ' +
        'they were stored with',
    );
  });
});
