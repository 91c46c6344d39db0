import { describe, expect, it } from 'vitest';

import { describeGroup, describeTrigger } from './trigger-text.js';

describe(describeTrigger.name, () => {
  it('names the count and the window of a count match', () => {
    expect(describeTrigger({ type: 'COUNT_MATCH', count: 5, windowSeconds: 600 })).toBe(
      'Time-Window Count Match: 5 in 10 minutes',
    );
  });

  it('names the other criteria', () => {
    expect(
      describeTrigger({
        type: 'SINGLE_MATCH',
        count: null,
        windowSeconds: null,
      }),
    ).toBe('Single Match');
  });
});

describe(describeGroup.name, () => {
  it('names the group', () => {
    expect(describeGroup(false, null)).toBe('Not aggregated');
    expect(describeGroup(true, { by: 'HOSTNAME', field: null })).toBe('By asset hostname');
    expect(describeGroup(true, { by: 'FIELD', field: 'process.user' })).toBe(
      'By field process.user',
    );
  });
});
