import { describe, expect, it } from 'vitest';

import { compiledRule, eventsAt } from '../../test/evaluator/factories.js';
import { candidatesOf, indexStep } from './candidates.js';

describe(candidatesOf.name, () => {
  const events = eventsAt(
    [0, { processName: 'CMD.EXE' }],
    [1, { type: 'NETWORK', action: 'CONNECTED', processName: 'cmd.exe' }],
    [2, { processName: 'powershell.exe' }],
    [3, { processName: 'cmd.exe' }],
  );
  const ids = (list: readonly { id: number }[]) => list.map((event) => event.id - events[0]!.id);

  it('gives a rule the events of the types its query names, in sequence order', () => {
    const sut = compiledRule({ eventTypes: new Set(['PROCESS']) });

    expect(ids(candidatesOf(sut, indexStep(events)))).toEqual([0, 2, 3]);
  });

  it('gives a rule the events whose field equals one of its values, ignoring ASCII case', () => {
    const equality = {
      field: 'process.name',
      read: (event: { processName: string | null }) => event.processName,
      values: new Set(['cmd.exe', 'powershell.exe']),
    };
    const sut = compiledRule({ equality });

    expect(ids(candidatesOf(sut, indexStep(events)))).toEqual([0, 1, 2, 3]);
    expect(
      ids(
        candidatesOf(
          compiledRule({ equality: { ...equality, values: new Set(['cmd.exe']) } }),
          indexStep(events),
        ),
      ),
    ).toEqual([0, 1, 3]);
  });

  it('leaves out the events up to the rule start', () => {
    const sut = compiledRule({ startEventId: events[1]!.id });

    expect(ids(candidatesOf(sut, indexStep(events)))).toEqual([2, 3]);
  });
});
