import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';

import { TelltaleApiError } from './api-error.js';
import { createTelltaleClient } from './client.js';
import { DeleteRuleDocument, RulesDocument } from './generated.js';

interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records each request and answers with `status` and `body`. */
function fakeFetch(status: number, body: string) {
  const sent: SentRequest[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({
      url: String(url),
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: JSON.parse(String(init?.body)),
    });
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

const url = 'http://127.0.0.1:4000/graphql';

describe(createTelltaleClient.name, () => {
  it('posts the operation as JSON with the caller headers and resolves with its data', async () => {
    const server = fakeFetch(200, JSON.stringify({ data: { deleteRule: true } }));
    const sut = createTelltaleClient({
      url,
      headers: { authorization: 'Bearer t0ken', 'content-type': 'text/plain' },
      fetch: server.fetch,
    });

    const data = await sut.request(DeleteRuleDocument, { id: '7' });

    expect(data).toEqual({ deleteRule: true });
    expect(server.sent).toEqual([
      {
        url,
        method: 'POST',
        headers: {
          accept: 'application/graphql-response+json, application/json',
          authorization: 'Bearer t0ken',
          'content-type': 'application/json',
        },
        body: {
          query: 'mutation DeleteRule($id: ID!) {\n  deleteRule(id: $id)\n}',
          variables: { id: '7' },
        },
      },
    ]);
  });

  it('reads the headers from a function before each request', async () => {
    const server = fakeFetch(200, JSON.stringify({ data: { rules: [] } }));
    let token = 0;
    const sut = createTelltaleClient({
      url,
      headers: async () => ({ authorization: `Bearer ${++token}` }),
      fetch: server.fetch,
    });

    await sut.request(RulesDocument);
    await sut.request(RulesDocument, { search: 'severity: HIGH' });

    expect(server.sent.map(({ headers }) => headers.authorization)).toEqual([
      'Bearer 1',
      'Bearer 2',
    ]);
    expect(server.sent.map(({ body }) => (body as { variables: unknown }).variables)).toEqual([
      {},
      { search: 'severity: HIGH' },
    ]);
  });

  it('rejects with a TelltaleApiError holding its code, other extensions and path', async () => {
    const errors = [
      {
        message: 'rule 7 does not exist',
        path: ['deleteRule'],
        extensions: { code: 'NOT_FOUND', kind: 'rule', id: '7' },
      },
    ];
    const server = fakeFetch(200, JSON.stringify({ data: null, errors }));
    const sut = createTelltaleClient({ url, fetch: server.fetch });

    const error = await sut.request(DeleteRuleDocument, { id: '7' }).catch((caught) => caught);

    expect(error).toBeInstanceOf(TelltaleApiError);
    expect(error).toMatchObject({
      name: 'TelltaleApiError',
      message: 'rule 7 does not exist',
      code: 'NOT_FOUND',
      extensions: { kind: 'rule', id: '7' },
      path: ['deleteRule'],
      errors,
    });
  });

  it('rejects a request the server refuses with its GraphQL errors', async () => {
    const errors = [
      {
        message: 'Variable "$id" of required type "ID!" was not provided.',
        locations: [{ line: 1, column: 17 }],
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ];
    const server = fakeFetch(400, JSON.stringify({ errors }));
    const sut = createTelltaleClient({ url, fetch: server.fetch });

    const error = await sut.request(DeleteRuleDocument, { id: '7' }).catch((caught) => caught);

    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', extensions: {}, path: null, errors });
  });

  it('rejects an answer without a GraphQL result as HTTP_ERROR', async () => {
    const server = fakeFetch(502, '<html>Bad Gateway</html>');
    const sut = createTelltaleClient({ url, fetch: server.fetch });

    const error = await sut.request(RulesDocument).catch((caught) => caught);

    expect(error).toBeInstanceOf(TelltaleApiError);
    expect(error).toMatchObject({
      message: 'The API answered HTTP 502 without a GraphQL result',
      code: 'HTTP_ERROR',
      extensions: { status: 502, body: '<html>Bad Gateway</html>' },
      errors: [],
    });
  });

  it('rejects as NETWORK_ERROR, naming the URL and the reason, when nothing listens', async () => {
    const closedUrl = await urlOfClosedPort();
    const sut = createTelltaleClient({ url: closedUrl });

    const error = await sut.request(RulesDocument).catch((caught) => caught);

    expect(error).toBeInstanceOf(TelltaleApiError);
    expect(error).toMatchObject({
      message: `Could not reach the Telltale API at ${closedUrl} (ECONNREFUSED)`,
      code: 'NETWORK_ERROR',
      extensions: { url: closedUrl, reason: 'ECONNREFUSED' },
    });
  });
});

/** The GraphQL URL of a loopback port that was just free: connecting to it is refused. */
async function urlOfClosedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}

describe(TelltaleApiError.name, () => {
  it('names an error without a code UNKNOWN', () => {
    const sut = TelltaleApiError.fromErrors([{ message: 'boom', extensions: { hint: 'x' } }]);

    expect(sut).toMatchObject({ message: 'boom', code: 'UNKNOWN', extensions: { hint: 'x' } });
  });
});
