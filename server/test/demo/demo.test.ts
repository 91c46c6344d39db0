import { afterEach, describe, expect, it } from 'vitest';

import { startApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { demoActionName, loadDemo, type Demo } from '../../src/demo/demo.js';
import { silentLogger } from '../../src/logger.js';
import { demoRules } from '../../src/rules/demo-rules.js';
import { createTestTarget } from '../harness/stores.js';
import { waitFor } from '../harness/wait.js';

describe(loadDemo.name, () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start(): Promise<App> {
    const { target, destroy } = await createTestTarget('sqlite');
    cleanups.push(destroy);
    if (target.dialect !== 'sqlite') throw new Error('expected a SQLite target');
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      TELLTALE_WEB_DIR: '',
      DATABASE_URL: `file:${target.path}`,
    });
    const app = await startApp(config, silentLogger);
    cleanups.unshift(() => app.close());
    return app;
  }

  async function load(app: App, selfUrl: string, liveIntervalMs?: number): Promise<Demo | null> {
    const user = await app.services.users.ensure();
    const demo = await loadDemo(app.services, user, {
      selfUrl,
      live: liveIntervalMs !== undefined,
      liveIntervalMs,
    });
    cleanups.unshift(async () => demo?.stop());
    return demo;
  }

  async function demoActionUrl(app: App): Promise<string> {
    const row = await app.services.store.db.get<{ secrets: string }>(
      'SELECT secrets FROM actions WHERE name = ?',
      [demoActionName],
    );
    return (JSON.parse(app.services.store.secrets.open(row!.secrets)) as { url: string }).url;
  }

  it('fills an empty store with the demo rules, its action and the story', async () => {
    const app = await start();

    await load(app, 'http://127.0.0.1:4000');
    const { db } = app.services.store;
    const rules = await db.all<{ name: string }>('SELECT name FROM rules ORDER BY id');
    const events = await db.get<{ count: number }>('SELECT count(*) AS count FROM events');

    expect(rules.map((rule) => rule.name)).toEqual(demoRules.map((rule) => rule.name));
    expect(Number(events!.count)).toBe(596);
    expect(await demoActionUrl(app)).toBe('http://127.0.0.1:4000/demo/webhook');
  });

  it('on a second start points the action at the new address and continues the implant', async () => {
    const app = await start();
    const { db } = app.services.store;
    await load(app, 'http://127.0.0.1:4000');
    const implant = await db.get<{ process_guid: string }>(
      `SELECT process_guid FROM events
        WHERE type = 'PROCESS' AND process_name = 'powershell.exe' AND parent_name = 'cmd.exe'`,
    );

    const resumed = await load(app, 'http://127.0.0.1:4001', 50);
    const beacon = await waitFor('a live beacon', () =>
      db.get<{ hostname: string; remote_ip: string; process_guid: string }>(
        'SELECT hostname, remote_ip, process_guid FROM events WHERE id > 596 ORDER BY id LIMIT 1',
      ),
    );
    const rules = await db.get<{ count: number }>('SELECT count(*) AS count FROM rules');

    expect(resumed).not.toBeNull();
    expect(await demoActionUrl(app)).toBe('http://127.0.0.1:4001/demo/webhook');
    expect(Number(rules!.count)).toBe(demoRules.length);
    expect(beacon).toEqual({
      hostname: 'FIN-WS-014',
      remote_ip: '203.0.113.45',
      process_guid: implant!.process_guid,
    });
  });
});
