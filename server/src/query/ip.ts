import { ipKey } from '../events/ingest/ip-key.js';

/**
 * IP addresses compare by key: `ipKey()` gives 32 lower-case hex digits of the 128-bit
 * IPv6 form, IPv4 addresses mapped into `::ffff:0:0/96`, exactly as ingest stores it in
 * the `*_ip_key` columns. A CIDR block is then a plain range of keys, and `10.0.0.1` and
 * `::ffff:10.0.0.1` are the same address.
 */
export { ipKey };

const mappedPrefix = '00000000000000000000ffff';

/** An inclusive range of keys. */
export interface KeyRange {
  lo: string;
  hi: string;
}

/**
 * The keys a CIDR block covers, e.g. `10.0.0.0/8` or `fe80::/10`; host bits are ignored.
 * Throws an Error whose message says what is wrong.
 */
export function cidrRange(block: string): KeyRange {
  const slash = block.indexOf('/');
  const address = block.slice(0, slash);
  const lengthText = block.slice(slash + 1);

  const key = ipKey(address);
  if (key === null) throw new Error(`'${address}' is not an IPv4 or IPv6 address`);

  const isV4 = !address.includes(':') && key.startsWith(mappedPrefix);
  const max = isV4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > max) {
    throw new Error(`the prefix length after '/' must be a whole number from 0 to ${max}`);
  }

  const hostBits = BigInt(max - Number(lengthText));
  const hostMask = (1n << hostBits) - 1n;
  const network = BigInt(`0x${key}`) & ~hostMask;
  return { lo: toKey(network), hi: toKey(network | hostMask) };
}

function toKey(value: bigint): string {
  return value.toString(16).padStart(32, '0');
}
