/**
 * The sortable key of an IP address: 32 lower-case hex digits of its IPv6 form, IPv4
 * mapped into `::ffff:a.b.c.d`. A CIDR block is then a range of keys, compared as plain
 * strings on both databases. Returns null for anything that is not an address.
 */
export function ipKey(address: string | null): string | null {
  if (address === null) return null;
  const bare = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');

  const v4 = ipv4Bytes(bare);
  if (v4) return `00000000000000000000ffff${hex(v4)}`;

  const v6 = ipv6Groups(bare);
  return v6 ? v6.map((group) => group.toString(16).padStart(4, '0')).join('') : null;
}

function ipv4Bytes(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : 256));
  return bytes.every((byte) => byte <= 255) ? bytes : null;
}

function ipv6Groups(text: string): number[] | null {
  if (!text.includes(':')) return null;

  let head = text;
  let tail: number[] = [];
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) is two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4Bytes(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }

  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map(group));
  const left = parse(halves[0]!);
  const right = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...left, ...right].some((value) => value === null)) return null;

  const given = left.length + right.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const zeros = new Array<number>(8 - given).fill(0);
  return [...(left as number[]), ...zeros, ...(right as number[]), ...tail];
}

function group(text: string): number | null {
  return /^[0-9a-f]{1,4}$/i.test(text) ? Number.parseInt(text, 16) : null;
}

function hex(bytes: number[]): string {
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
