import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../logger.js';
import { createErrorResponder, createNotServedHandler } from './http-errors.js';

describe(createErrorResponder.name, () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    // The development setting is the one where Express's own handler shows stack traces.
    app.set('env', 'development');
    app.post('/ingest', () => {
      throw new Error('store exploded at /srv/telltale/secret.db');
    });
    app.get('/broken', () => {
      throw new Error('internal detail');
    });
    app.use(createNotServedHandler(app));
    app.use(
      createErrorResponder(createLogger('test', { write: (line) => lines.push(JSON.parse(line)) })),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers an unexpected error as an internal error and logs its cause', async () => {
    const response = await fetch(`${url}/broken`);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    expect(lines.at(-1)).toMatchObject({
      level: 'error',
      message: 'request failed',
      method: 'GET',
      path: '/broken',
      error: { name: 'Error', message: 'internal detail' },
    });
  });

  it('answers an unexpected error on /ingest in the ingest shape', async () => {
    const response = await fetch(`${url}/ingest`, { method: 'POST', body: 'x' });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
    });
  });
});
