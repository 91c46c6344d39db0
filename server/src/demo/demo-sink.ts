import express from 'express';

/** The path of the demo receiver, relative to the server's own URL. */
export const demoSinkPath = '/demo/webhook';

const kept = 100;

export interface DemoSink {
  mount(app: express.Express): void;
  /** The payloads received, newest last. */
  received(): readonly unknown[];
}

/**
 * A webhook receiver inside the demo server, so the demo action has somewhere real to
 * deliver to without reaching another host: `POST /demo/webhook` keeps the last 100
 * payloads, `GET /demo/webhook` lists them.
 */
export function createDemoSink(): DemoSink {
  const payloads: unknown[] = [];

  return {
    mount(app) {
      app.post(demoSinkPath, express.json({ limit: '2mb' }), (req, res) => {
        payloads.push(req.body);
        if (payloads.length > kept) payloads.shift();
        res.status(204).end();
      });
      app.get(demoSinkPath, (_req, res) => {
        res.json({ count: payloads.length, payloads });
      });
    },
    received: () => payloads,
  };
}
