import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

import { launchBrowser } from './browser.js';
import { missingBuild, startServer, type TestServer } from './server.js';

/** The server and the browser of one test file; set once `beforeAll` has run. */
export interface Dashboard {
  server: TestServer;
  browser: Browser;
}

/**
 * Starts the built server on a fresh store (with `env` added to its settings) and launches
 * Chromium before the file's tests, and stops both after them. Call it inside `describe`.
 */
export function useDashboard(env: Record<string, string> = {}): Dashboard {
  const dashboard = {} as Dashboard;

  beforeAll(async () => {
    const missing = missingBuild();
    if (missing) throw new Error(missing);
    dashboard.server = await startServer(env);
    dashboard.browser = await launchBrowser();
  });

  afterAll(async () => {
    await dashboard.browser?.close();
    await dashboard.server?.stop();
  });

  return dashboard;
}
