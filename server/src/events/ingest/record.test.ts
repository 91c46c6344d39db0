import { describe, expect, it } from 'vitest';

import { readLine } from './record.js';

describe(readLine.name, () => {
  it.each([
    ['{"EventID": 1, "Channel": ', 'not valid JSON'],
    ['hello', 'not valid JSON'],
    ['{', 'not valid JSON: a piece of multi-line JSON; send one event object per line (NDJSON)'],
    [
      '  "type": "PROCESS",',
      'not valid JSON: a piece of multi-line JSON; send one event object per line (NDJSON)',
    ],
    ['},', 'not valid JSON: a piece of multi-line JSON; send one event object per line (NDJSON)'],
    [
      '[{"type": "PROCESS"}, {"type": "FILE"}]',
      'a JSON array: send one event object per line (NDJSON), not an array',
    ],
    [
      '[{"type": "PROCESS"},',
      'not valid JSON: a piece of multi-line JSON; send one event object per line (NDJSON)',
    ],
    [
      '{"type": "PROCESS"},',
      'not valid JSON: a piece of multi-line JSON; send one event object per line (NDJSON)',
    ],
    ['"a string"', 'not a JSON object'],
    ['42', 'not a JSON object'],
    ['null', 'not a JSON object'],
    [
      '{"hello": "world"}',
      'not a recognised event: expected a Windows event log record (EventID and Channel) or a native event (type and dateTime)',
    ],
  ])('rejects %j: %s', (line, reason) => {
    expect(readLine(line)).toEqual({ kind: 'rejected', reason });
  });

  it('rejects a record nested deeper than 32 levels and keeps one at 32', () => {
    const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

    expect(readLine(nested(6000))).toEqual({
      kind: 'rejected',
      reason: 'nested deeper than 32 levels',
    });
    expect(readLine(nested(33))).toEqual({
      kind: 'rejected',
      reason: 'nested deeper than 32 levels',
    });
    expect(readLine(nested(32))).toMatchObject({ kind: 'rejected', reason: /^not a recognised/ });
  });
});
