import { describe, expect, it } from 'vitest';

import { parseQuery } from '../query/index.js';
import { requiredEventTypes } from './compile-rule.js';

describe(requiredEventTypes.name, () => {
  it.each([
    ['type: PROCESS and process.name: cmd.exe', ['PROCESS']],
    ['type: (NETWORK, file) and process.name: cmd.exe', ['NETWORK', 'FILE']],
    ['process.name: cmd.exe and type: mutex', ['MUTEX']],
    ['type: PROCESS', ['PROCESS']],
    ['type: PROC* and action: STARTED', ['PROCESS']],
  ])('reads the event types %s names at its top level', (query, types) => {
    expect([...requiredEventTypes(parseQuery(query))!]).toEqual(types);
  });

  it.each([
    'process.name: cmd.exe',
    'type: PROCESS or process.name: cmd.exe',
    'not type: PROCESS and process.name: cmd.exe',
  ])('leaves every type open for %s', (query) => {
    expect(requiredEventTypes(parseQuery(query))).toBeNull();
  });
});
