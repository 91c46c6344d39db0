import { describe, expect, it } from 'vitest';

import { describeGroupKey } from './alert-facts.js';

describe(describeGroupKey.name, () => {
  it('names the group of an alert, and none for an alert without one', () => {
    expect(describeGroupKey(null)).toBeNull();
    expect(describeGroupKey('*')).toBe('The whole rule (aggregated by action)');
    expect(describeGroupKey('')).toBe('Events without a value for the field');
    expect(describeGroupKey('workstation5')).toBe('workstation5');
  });
});
