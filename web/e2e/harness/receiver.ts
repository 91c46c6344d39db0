import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook endpoint on 127.0.0.1 that records what it receives. */
export interface WebhookReceiver {
  url: string;
  requests: {
    path: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }[];
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /**
   * The status of the answer to the request with this index (0 for the first), which may
   * wait first, e.g. until the test lets it go. The request is recorded before.
   * @default 200 for every request
   */
  answer?: (index: number) => number | Promise<number>;
}

/** Starts a receiver on a free port that answers each POST as `answer` says. */
export async function startReceiver(options: ReceiverOptions = {}): Promise<WebhookReceiver> {
  const requests: WebhookReceiver['requests'] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', async () => {
      const index = requests.push({ path: request.url ?? '', headers: request.headers, body }) - 1;
      const status = (await options.answer?.(index)) ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
