import 'reflect-metadata';

import { writeFileSync } from 'node:fs';

import { printSchema } from 'graphql';

import { createPubSubBus } from '../pubsub/pubsub.js';
import { silentLogger } from '../logger.js';
import { createSchema } from './schema.js';

// Writes the API's SDL to the path given (server/schema.graphql by `pnpm schema`): the
// file codegen and integrators' clients are generated from.
const target = process.argv[2];
if (!target) {
  console.error('usage: print-schema.js OUTPUT');
  process.exit(2);
}

const schema = await createSchema(createPubSubBus(null, silentLogger));
writeFileSync(target, printSchema(schema) + '\n');
