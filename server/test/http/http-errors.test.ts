import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createTestTarget } from '../harness/stores.js';

const served =
  'Telltale serves GraphQL at /graphql (POST, and WebSocket for subscriptions), events at ' +
  'POST /ingest, the health check at GET /healthz';

interface Answer {
  status: number;
  allow: string | null;
  contentType: string | null;
  body: unknown;
  text: string;
}

describe.each([
  { web: false, label: 'without the web app' },
  { web: true, label: 'with the web app' },
])('HTTP errors $label', ({ web }) => {
  let app: App;
  let dir: string;
  let destroyTarget: () => Promise<void>;

  const call = async (method: string, path: string, init: RequestInit = {}): Promise<Answer> => {
    const response = await fetch(`${app.http.url}${path}`, { method, ...init });
    const text = await response.text();
    return {
      status: response.status,
      allow: response.headers.get('allow'),
      contentType: response.headers.get('content-type'),
      body:
        text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null,
      text,
    };
  };
  const postJson = (path: string, body: string, contentType = 'application/json') =>
    call('POST', path, { headers: { 'content-type': contentType }, body });
  const graphqlError = (message: string, code: string) => ({
    errors: [{ message, extensions: { code } }],
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'telltale-http-'));
    const webDir = join(dir, 'web');
    mkdirSync(webDir);
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Telltale</title>');
    const target = await createTestTarget('sqlite');
    destroyTarget = target.destroy;
    const config = readConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      TELLTALE_DATA_DIR: dir,
      TELLTALE_WEB_DIR: web ? webDir : '',
      DATABASE_URL: target.target.dialect === 'sqlite' ? `file:${target.target.path}` : '',
    });
    app = await startApp(config, silentLogger);
  });

  afterAll(async () => {
    await app?.close();
    await destroyTarget?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers malformed JSON on /graphql with BAD_REQUEST in the GraphQL shape', async () => {
    const sut = await postJson('/graphql', '{bad');

    expect(sut).toMatchObject({ status: 400, contentType: 'application/json; charset=utf-8' });
    expect(sut.body).toEqual(
      graphqlError(
        "the body is not valid JSON: Expected property name or '}' in JSON at position 1",
        'BAD_REQUEST',
      ),
    );
    expect(sut.text).not.toMatch(/node_modules|\n\s+at /);
  });

  it('answers a /graphql body over 20 MiB with PAYLOAD_TOO_LARGE', async () => {
    const sut = await postJson('/graphql', `{"query":"${' '.repeat(20 * 2 ** 20)}"}`);

    expect(sut.status).toBe(413);
    expect(sut.body).toEqual(
      graphqlError('the request body is larger than the limit of 20 MiB', 'PAYLOAD_TOO_LARGE'),
    );
  });

  it('answers a charset it cannot read with the status of the problem', async () => {
    const sut = await postJson('/graphql', '{}', 'application/json; charset=klingon');

    expect(sut.status).toBe(415);
    expect(sut.body).toEqual(graphqlError('unsupported charset "KLINGON"', 'BAD_REQUEST'));
  });

  it('answers GET /ingest with 405 in the ingest shape, naming the method it takes', async () => {
    const sut = await call('GET', '/ingest');

    expect(sut).toMatchObject({ status: 405, allow: 'POST' });
    expect(sut.body).toEqual({
      error: {
        code: 'METHOD_NOT_ALLOWED',
        message: 'GET /ingest is not served: /ingest answers POST',
      },
    });
  });

  it('answers another method on /healthz with 405 in the GraphQL shape', async () => {
    const sut = await call('DELETE', '/healthz');

    expect(sut).toMatchObject({ status: 405, allow: 'GET, HEAD' });
    expect(sut.body).toEqual(
      graphqlError(
        'DELETE /healthz is not served: /healthz answers GET, HEAD',
        'METHOD_NOT_ALLOWED',
      ),
    );
  });

  it('answers DELETE /graphql with 405 naming the methods GraphQL takes', async () => {
    const sut = await call('DELETE', '/graphql');

    expect(sut).toMatchObject({ status: 405, allow: 'GET, POST' });
    expect(sut.body).toEqual(
      graphqlError(
        'DELETE /graphql is not served: /graphql answers GET, POST',
        'METHOD_NOT_ALLOWED',
      ),
    );
  });

  it('answers an unknown path with 404 naming what is served', async () => {
    const sut = await call('POST', '/nothing/here');

    expect(sut.status).toBe(404);
    expect(sut.body).toEqual(
      graphqlError(`nothing is served at POST /nothing/here: ${served}`, 'NOT_FOUND'),
    );
  });

  it('answers a WebSocket upgrade on another path than /graphql with 404', async () => {
    const sut = await new Promise<{ status: number | undefined; body: unknown }>(
      (resolve, reject) => {
        const request = httpRequest(`${app.http.url}/events`, {
          headers: {
            connection: 'Upgrade',
            upgrade: 'websocket',
            'sec-websocket-version': '13',
            'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          },
        });
        request.once('response', async (response) => {
          let text = '';
          for await (const chunk of response) text += String(chunk);
          resolve({ status: response.statusCode, body: JSON.parse(text) });
        });
        request.once('error', reject);
        request.end();
      },
    );

    expect(sut).toEqual({
      status: 404,
      body: graphqlError(`nothing is served at WebSocket /events: ${served}`, 'NOT_FOUND'),
    });
  });

  it.runIf(web)("answers GET of an unknown path with the web app's page", async () => {
    const sut = await call('GET', '/activity');

    expect(sut).toMatchObject({ status: 200, text: '<!doctype html><title>Telltale</title>' });
  });

  it.skipIf(web)('answers GET of an unknown path with 404 naming what is served', async () => {
    const sut = await call('GET', '/activity');

    expect(sut.status).toBe(404);
    expect(sut.body).toEqual(
      graphqlError(`nothing is served at GET /activity: ${served}`, 'NOT_FOUND'),
    );
  });
});
