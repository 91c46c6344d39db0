import { describe, expect, it } from 'vitest';

import { summarizeEvent } from './event-summary.js';

describe(summarizeEvent.name, () => {
  it('shows the detail of each event type', () => {
    expect(summarizeEvent({ type: 'PROCESS', process: { commandLine: 'cmd /c whoami' } })).toBe(
      'cmd /c whoami',
    );
    expect(
      summarizeEvent({
        type: 'NETWORK',
        network: { remoteIp: '203.0.113.45', remotePort: 443, remoteFqdn: null },
      }),
    ).toBe('203.0.113.45:443');
    expect(
      summarizeEvent({ type: 'REGISTRY', registry: { key: 'HKCU\\Run', valueName: 'updater' } }),
    ).toBe('HKCU\\Run\\updater');
    expect(summarizeEvent({ type: 'MUTEX', handle: { name: '\\MSSE-1-server' } })).toBe(
      '\\MSSE-1-server',
    );
    expect(summarizeEvent({ type: 'FILE', file: null })).toBe('');
  });
});
