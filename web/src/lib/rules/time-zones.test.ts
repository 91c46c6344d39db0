import { describe, expect, it } from 'vitest';

import { currentZoneName, timeZoneChoices } from './time-zones.js';

describe(currentZoneName.name, () => {
  it('gives the current name of a renamed zone and keeps the others', () => {
    expect(currentZoneName('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(currentZoneName('Europe/Kiev')).toBe('Europe/Kyiv');
    expect(currentZoneName('Europe/Berlin')).toBe('Europe/Berlin');
  });
});

describe(timeZoneChoices.name, () => {
  const supported = ['Asia/Calcutta', 'Asia/Tokyo', 'Europe/Berlin', 'Europe/Kiev'];

  it('offers UTC first, then every zone under its current name in order', () => {
    expect(timeZoneChoices(supported, 'UTC')).toEqual([
      'UTC',
      'Asia/Kolkata',
      'Asia/Tokyo',
      'Europe/Berlin',
      'Europe/Kyiv',
    ]);
  });

  it('keeps a stored zone choosable, an old name included', () => {
    expect(timeZoneChoices(supported, 'Asia/Calcutta')).toEqual([
      'UTC',
      'Asia/Calcutta',
      'Asia/Kolkata',
      'Asia/Tokyo',
      'Europe/Berlin',
      'Europe/Kyiv',
    ]);
    expect(timeZoneChoices(supported, 'Europe/Berlin')).toHaveLength(5);
  });
});
