import { describe, expect, it } from 'vitest';

import { ipKey } from './ip-key.js';

describe(ipKey.name, () => {
  it.each([
    ['172.18.39.5', '00000000000000000000ffffac122705'],
    ['::ffff:172.18.39.5', '00000000000000000000ffffac122705'],
    ['0:0:0:0:0:0:0:1', '00000000000000000000000000000001'],
    ['::1', '00000000000000000000000000000001'],
    ['fe80:0:0:0:5d54:ed5a:760f:c4ff', 'fe800000000000005d54ed5a760fc4ff'],
    ['FE80::5D54:ED5A:760F:C4FF%12', 'fe800000000000005d54ed5a760fc4ff'],
    ['[2001:db8::1]', '20010db8000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
  ])('keys %s as %s', (address, key) => {
    expect(ipKey(address)).toBe(key);
  });

  it.each(['256.1.1.1', '1.2.3', 'host.example', '1::2::3', '1:2:3:4:5:6:7:8:9', '', '-'])(
    'refuses %j',
    (address) => {
      expect(ipKey(address)).toBeNull();
    },
  );

  it('keeps the numeric order of addresses', () => {
    const ordered = ['9.255.255.255', '10.0.0.0', '10.0.0.10', '10.255.255.255', '11.0.0.0'];
    const keys = ordered.map((address) => ipKey(address)!);
    expect([...keys].sort()).toEqual(keys);
  });
});
