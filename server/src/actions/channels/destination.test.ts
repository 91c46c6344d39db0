import { describe, expect, it } from 'vitest';

import { postJson } from './http.js';
import { refusedAddress, refusedDestination } from './destination.js';

const because =
  'a link-local address, where cloud metadata services answer: Telltale does not send there';

describe(refusedAddress.name, () => {
  it.each(['169.254.169.254', '169.254.0.1', '::ffff:169.254.169.254', 'fe80::1', 'fd00:ec2::254'])(
    'refuses %s',
    (address) => {
      expect(refusedAddress(address)).toBe(`${address} is ${because}`);
    },
  );

  it.each(['127.0.0.1', '::1', '10.0.0.5', '192.168.1.20', '172.16.0.1', 'fd00::1', 'hooks'])(
    'allows %s',
    (address) => {
      expect(refusedAddress(address)).toBeNull();
    },
  );
});

describe(refusedDestination.name, () => {
  const lookup = async (hostname: string) => {
    if (hostname === 'metadata.internal.test') return ['10.0.0.2', '169.254.169.254'];
    if (hostname === 'receiver.internal.test') return ['10.0.0.2', 'fd00::2'];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };

  it('refuses a name when any of its addresses is link-local', async () => {
    expect(await refusedDestination('metadata.internal.test', lookup)).toBe(
      `metadata.internal.test resolves to 169.254.169.254, ${because}`,
    );
  });

  it('allows other names, and leaves names that do not resolve to the request', async () => {
    expect(await refusedDestination('receiver.internal.test', lookup)).toBeNull();
    expect(await refusedDestination('nowhere.test', lookup)).toBeNull();
  });

  it('checks an address in brackets without looking it up', async () => {
    expect(await refusedDestination('[fe80::1]', lookup)).toBe(`fe80::1 is ${because}`);
  });
});

describe(postJson.name, () => {
  // Port 1 is one fetch refuses to connect to, so nothing could be sent even without the
  // check: the reason tells which of the two stopped it.
  it('refuses a link-local host before sending, and does not retry', async () => {
    expect(await postJson('http://[fe80::1]:1/hook', {}, {}, 1000)).toEqual({
      ok: false,
      reason: `fe80::1 is ${because}`,
      retryable: false,
    });
  });
});
