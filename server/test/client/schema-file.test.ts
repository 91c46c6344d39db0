import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';

import { createSchema } from '../../src/graphql/schema.js';
import { silentLogger } from '../../src/logger.js';
import { createPubSubBus } from '../../src/pubsub/pubsub.js';

// The committed SDL is the contract: the web app and every typed client are generated from
// it, and the build does not rewrite it.
describe('server/schema.graphql', () => {
  it('is the schema the server builds', async () => {
    const built = printSchema(await createSchema(createPubSubBus(null, silentLogger))) + '\n';
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');

    expect(
      committed,
      'server/schema.graphql differs from the API: run `pnpm schema` and commit the file',
    ).toBe(built);
  });
});
