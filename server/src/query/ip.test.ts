import { describe, expect, it } from 'vitest';

import { cidrRange } from './ip.js';

describe(cidrRange.name, () => {
  it('covers IPv4 blocks inside the mapped range', () => {
    expect(cidrRange('192.168.1.0/24')).toEqual({
      lo: '00000000000000000000ffffc0a80100',
      hi: '00000000000000000000ffffc0a801ff',
    });
    expect(cidrRange('10.1.2.3/32')).toEqual({
      lo: '00000000000000000000ffff0a010203',
      hi: '00000000000000000000ffff0a010203',
    });
    expect(cidrRange('0.0.0.0/0')).toEqual({
      lo: '00000000000000000000ffff00000000',
      hi: '00000000000000000000ffffffffffff',
    });
  });

  it('ignores host bits', () => {
    expect(cidrRange('10.1.2.3/8')).toEqual(cidrRange('10.0.0.0/8'));
  });

  it('covers IPv6 blocks', () => {
    expect(cidrRange('2001:db8::/32')).toEqual({
      lo: '20010db8000000000000000000000000',
      hi: '20010db8ffffffffffffffffffffffff',
    });
    expect(cidrRange('::/0')).toEqual({ lo: '0'.repeat(32), hi: 'f'.repeat(32) });
  });

  it('says what is wrong with a bad block', () => {
    expect(() => cidrRange('10.0.0.0/33')).toThrow(
      "the prefix length after '/' must be a whole number from 0 to 32",
    );
    expect(() => cidrRange('fe80::/-1')).toThrow('from 0 to 128');
    expect(() => cidrRange('10.0.0/8')).toThrow("'10.0.0' is not an IPv4 or IPv6 address");
  });
});
