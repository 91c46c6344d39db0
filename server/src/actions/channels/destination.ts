import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Resolves a host name to its addresses, as `dns.promises.lookup` with `all` does. */
export type Lookup = (hostname: string) => Promise<string[]>;

// Link-local addresses, where cloud metadata services answer (169.254.169.254, and
// fd00:ec2::254 on AWS): a rule's action must never become a way to read them. Private and
// loopback addresses stay allowed, since receivers are often internal.
const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');
linkLocal.addAddress('fd00:ec2::254', 'ipv6');
const reason =
  'a link-local address, where cloud metadata services answer: Telltale does not send there';

const resolve: Lookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** Why an action may not send to `address` (an IP address), or null when it may. */
export function refusedAddress(address: string): string | null {
  return isLinkLocal(address) ? `${address} is ${reason}` : null;
}

/**
 * Why an action may not send to `hostname` (a URL's host or an SMTP server), or null.
 *
 * @remarks
 * A name is resolved here and refused when any of its addresses is; the request resolves
 * it again, so this stops a mistaken or hostile setting, not a DNS server that answers
 * differently the second time. A name that does not resolve is left to the request,
 * which reports the DNS failure.
 */
export async function refusedDestination(
  hostname: string,
  lookup: Lookup = resolve,
): Promise<string | null> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return refusedAddress(host);

  let addresses: string[];
  try {
    addresses = await lookup(host);
  } catch {
    return null;
  }
  const refused = addresses.find(isLinkLocal);
  return refused ? `${host} resolves to ${refused}, ${reason}` : null;
}

function isLinkLocal(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && linkLocal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
