import { describe, expect, it } from 'vitest';

import { fieldGroups, groupLabels, groupRows } from './event-fields.js';

describe(groupRows.name, () => {
  it('keeps label order, drops absent values and marks code values', () => {
    const sut = groupRows(
      { sha256: null, pid: 4242, name: 'cmd.exe', commandLine: 'cmd /c whoami', user: '' },
      groupLabels.process,
    );

    expect(sut).toEqual([
      { label: 'Name', value: 'cmd.exe', isCode: false },
      { label: 'PID', value: '4242', isCode: false },
      { label: 'Command line', value: 'cmd /c whoami', isCode: true },
    ]);
  });
});

describe(fieldGroups.name, () => {
  it('lists only groups with a value, in the fixed order', () => {
    const sut = fieldGroups({
      handle: { name: '\\MSSE-1234-server', kind: 'PIPE' },
      process: { name: 'beacon.exe' },
      network: null,
      file: { path: null },
    });

    expect(sut.map((group) => group.title)).toEqual(['Process', 'Handle (mutex or pipe)']);
    expect(sut[1]!.rows).toEqual([
      { label: 'Kind', value: 'PIPE', isCode: false },
      { label: 'Name', value: '\\MSSE-1234-server', isCode: true },
    ]);
  });
});
