import { parse, subscribe, type ExecutionResult } from 'graphql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { createSchema } from '../../src/graphql/schema.js';
import { silentLogger } from '../../src/logger.js';
import { createTestTarget, type TestDialect } from '../harness/stores.js';

/** A GraphQL answer as the client receives it. */
export interface GraphqlAnswer<T = Record<string, unknown>> {
  data: T | null;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  /** The raw text of every answer so far, subscription events included. */
  answers: string[];
  /** POSTs an operation to /graphql. */
  request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlAnswer<T>>;
  /**
   * Starts a subscription on the server's schema and pub/sub; resolves once it listens.
   * `next` waits for the following event, failing after `timeoutMs`.
   */
  subscribe<T>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ next(timeoutMs?: number): Promise<T>; close(): Promise<void> }>;
  destroy(): Promise<void>;
}

/** The whole server on a fresh store and a free port, as `telltale serve` runs it. */
export async function startTestApp(
  dialect: TestDialect,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const target = await createTestTarget(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'telltale-app-'));
  const config = readConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    TELLTALE_DATA_DIR: dataDir,
    TELLTALE_WEB_DIR: '',
    DATABASE_URL:
      target.target.dialect === 'sqlite' ? `file:${target.target.path}` : target.target.url,
    ...env,
  });
  const app = await startApp(config, silentLogger);
  const answers: string[] = [];
  const user = await app.services.users.ensure();
  const schema = await createSchema(app.services.pubsub);

  return {
    app,
    answers,
    async request(query, variables = {}) {
      const response = await fetch(`${app.http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      answers.push(text);
      return JSON.parse(text);
    },
    async subscribe<T>(query: string, variables: Record<string, unknown> = {}) {
      const result = await subscribe({
        schema,
        document: parse(query),
        variableValues: variables,
        contextValue: { services: app.services, user },
      });
      if (!(Symbol.asyncIterator in result)) {
        throw new Error(`subscription failed: ${JSON.stringify(result.errors)}`);
      }
      const iterator = result[Symbol.asyncIterator]();
      return {
        next: async (timeoutMs = 10_000) => {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('no subscription event')), timeoutMs);
          });
          const step = (await Promise.race([iterator.next(), timeout])) as IteratorResult<
            ExecutionResult<T>
          >;
          clearTimeout(timer);
          answers.push(JSON.stringify(step.value));
          if (step.done || !step.value.data) throw new Error(JSON.stringify(step.value));
          return step.value.data;
        },
        close: async () => {
          await iterator.return?.();
        },
      };
    },
    async destroy() {
      await app.close();
      await target.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
