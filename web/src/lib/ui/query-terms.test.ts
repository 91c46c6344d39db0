import { describe, expect, it } from 'vitest';

import {
  addTerm,
  applyCompletion,
  chosenCompletion,
  completionAt,
  quoteValue,
  removeTerm,
  splitTerms,
} from './query-terms.js';

const names = ['process.name', 'process.path', 'process.pid', 'parent.name', 'type', 'action'];

describe(quoteValue.name, () => {
  it('leaves simple values bare and quotes the rest', () => {
    expect(quoteValue('WS-01.corp')).toBe('WS-01.corp');
    expect(quoteValue('cmd.exe')).toBe('cmd.exe');
    expect(quoteValue('Suspicious pipe')).toBe('"Suspicious pipe"');
    expect(quoteValue('CORP\\alice')).toBe('CORP\\alice');
    expect(quoteValue('C:\\Windows\\cmd.exe')).toBe('"C:\\Windows\\cmd.exe"');
    expect(quoteValue('C:\\Program Files\\a.exe')).toBe('"C:\\Program Files\\a.exe"');
    expect(quoteValue('say "hi"')).toBe('"say ""hi"""');
    expect(quoteValue('what?')).toBe('`what?`');
    expect(quoteValue('OR')).toBe('"OR"');
  });
});

describe(splitTerms.name, () => {
  it('splits a conjunction into terms with their positions', () => {
    const query = 'type: PROCESS and process.name: "a and b"  AND (x: 1 or y: 2)';

    expect(splitTerms(query)).toEqual([
      { text: 'type: PROCESS', start: 0, end: 13 },
      { text: 'process.name: "a and b"', start: 18, end: 41 },
      { text: '(x: 1 or y: 2)', start: 47, end: 61 },
    ]);
  });

  it('returns null for a top-level OR', () => {
    expect(splitTerms('a: 1 or b: 2')).toBeNull();
  });

  it('returns no terms for an empty query', () => {
    expect(splitTerms('   ')).toEqual([]);
  });
});

describe(addTerm.name, () => {
  it('adds a term with AND', () => {
    expect(addTerm('', 'severity', 'HIGH')).toBe('severity: HIGH');
    expect(addTerm('severity: HIGH ', 'rule.name', 'Encoded PowerShell')).toBe(
      'severity: HIGH and rule.name: "Encoded PowerShell"',
    );
  });

  it('does not repeat a term', () => {
    expect(addTerm('severity: HIGH', 'severity', 'HIGH')).toBe('severity: HIGH');
  });

  it('wraps a disjunction before adding', () => {
    expect(addTerm('a: 1 or b: 2', 'c', '3')).toBe('(a: 1 or b: 2) and c: 3');
  });
});

describe(removeTerm.name, () => {
  it('removes the term at the index', () => {
    expect(removeTerm('a: 1 and b: 2 and c: 3', 1)).toBe('a: 1 and c: 3');
  });

  it('leaves a disjunction unchanged', () => {
    expect(removeTerm('a: 1 or b: 2', 0)).toBe('a: 1 or b: 2');
  });
});

describe(completionAt.name, () => {
  it('offers field names for the word being typed', () => {
    expect(completionAt('proc', 4, names)).toEqual({
      from: 0,
      to: 4,
      prefix: 'proc',
      options: ['process.name', 'process.path', 'process.pid'],
    });
    expect(completionAt('type: PROCESS and pa', 20, names)?.options).toEqual(['parent.name']);
    expect(completionAt('(ty', 3, names)?.options).toEqual(['type']);
  });

  it('offers nothing for values, quoted text or complete names', () => {
    expect(completionAt('process.name: pro', 17, names)).toBeNull();
    expect(completionAt('process.name: "and pro', 22, names)).toBeNull();
    expect(completionAt('type', 4, names)).toBeNull();
  });
});

describe(chosenCompletion.name, () => {
  it('takes the option moved to with the arrow keys', () => {
    expect(chosenCompletion(completionAt('', 0, names)!, 4)).toBe('type');
    expect(chosenCompletion(completionAt('proc', 4, names)!, 2)).toBe('process.pid');
  });

  it('takes the first option once a prefix is typed', () => {
    expect(chosenCompletion(completionAt('proc', 4, names)!, null)).toBe('process.name');
  });

  it('takes none in an empty word the analyst has not moved in', () => {
    expect(chosenCompletion(completionAt('', 0, names)!, null)).toBeNull();
    expect(chosenCompletion(completionAt('type: FILE and ', 15, names)!, null)).toBeNull();
  });
});

describe(applyCompletion.name, () => {
  it('replaces the word with the name and a colon', () => {
    const completion = completionAt('type: FILE and proc', 19, names)!;

    expect(applyCompletion('type: FILE and proc', completion, 'process.name')).toEqual({
      query: 'type: FILE and process.name: ',
      cursor: 29,
    });
  });

  it('keeps an existing colon', () => {
    const completion = completionAt('proc: x', 2, names)!;

    expect(applyCompletion('proc: x', completion, 'process.pid')).toEqual({
      query: 'process.pid: x',
      cursor: 11,
    });
  });
});
