import { describe, expect, it } from 'vitest';

import type { QueryNode, Test } from './ast.js';
import { ruleCatalogue } from './list-catalogues.js';
import { parseQuery } from './parser.js';
import { QueryError } from './query-error.js';

// A compact rendering of a parsed query, so each expectation reads as one line.
function shape(text: string): string {
  const root = parseQuery(text).root;
  return root ? render(root) : 'all';
}

function render(node: QueryNode<unknown>): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `${node.kind}(${node.children.map(render).join(', ')})`;
    case 'not':
      return `not(${render(node.child)})`;
    case 'term':
      return `${node.field.name} ${node.tests.map(renderTest).join(' | ')}`;
  }
}

function renderTest(test: Test): string {
  switch (test.kind) {
    case 'exists':
      return 'exists';
    case 'equals':
    case 'exact':
      return `${test.kind}[${test.values.join(',')}]`;
    case 'like':
      return `like[${test.pattern}]`;
    case 'range': {
      const show = (value: number | string) =>
        typeof value === 'number' && value > 1e11 ? new Date(value).toISOString() : String(value);
      const min = test.min ? `${test.min.inclusive ? '[' : '('}${show(test.min.value)}` : '(-';
      const max = test.max ? `${show(test.max.value)}${test.max.inclusive ? ']' : ')'}` : '+)';
      return `${test.key ? 'key' : 'range'}${min}..${max}`;
    }
  }
}

function errorOf(text: string): Record<string, unknown> {
  try {
    parseQuery(text);
  } catch (error) {
    expect(error).toBeInstanceOf(QueryError);
    const queryError = error as QueryError;
    return { message: queryError.message, code: queryError.code, ...queryError.details };
  }
  throw new Error(`expected ${text} to fail`);
}

describe(parseQuery.name, () => {
  it('matches everything for an empty or blank query', () => {
    expect(shape('')).toBe('all');
    expect(shape('  \n\t ')).toBe('all');
  });

  it('parses the Qualys examples', () => {
    expect(shape('type: PROCESS and process.name: "powershell.exe"')).toBe(
      'and(type exact[PROCESS], process.name equals[powershell.exe])',
    );
    expect(shape('event.datetime: ["2024-09-15T00:30:00.000Z".."2024-09-22T18:29:59.999Z"]')).toBe(
      'event.datetime range[2024-09-15T00:30:00.000Z..2024-09-22T18:30:00.000Z)',
    );
  });

  it('binds NOT tightest, then AND, then OR, with case-insensitive keywords', () => {
    expect(shape('type: FILE or not file.name: a.txt And file.name: b.txt')).toBe(
      'or(type exact[FILE], and(not(file.name equals[a.txt]), file.name equals[b.txt]))',
    );
    expect(shape('NOT NOT type: FILE')).toBe('not(not(type exact[FILE]))');
  });

  it('groups with parentheses', () => {
    expect(shape('(type: FILE or type: PROCESS) and asset.hostname: ws1')).toBe(
      'and(or(type exact[FILE], type exact[PROCESS]), asset.hostname equals[ws1])',
    );
    expect(shape('not(type: FILE)')).toBe('not(type exact[FILE])');
  });

  it('reads adjacent terms without an operator as AND', () => {
    expect(shape('process.name: cmd.exe process.pid: 4')).toBe(
      'and(process.name equals[cmd.exe], process.pid range[4..4])',
    );
  });

  it('folds text values to lower case and keeps wildcards in plain and quoted values', () => {
    expect(shape('process.name: PowerShell.EXE')).toBe('process.name equals[powershell.exe]');
    expect(shape('process.commandLine: "*-Enc *"')).toBe('process.commandLine like[*-enc *]');
    expect(shape('file.fullPath: C:\\Users\\*\\AppData\\?.dll')).toBe(
      'file.fullPath like[c:\\users\\*\\appdata\\?.dll]',
    );
  });

  it('treats backticks as an exact, case-sensitive, literal match', () => {
    expect(shape('process.name: `PING.EXE`')).toBe('process.name exact[PING.EXE]');
    expect(shape('process.name: `a*b`')).toBe('process.name exact[a*b]');
    expect(shape('process.name: `*`')).toBe('process.name exact[*]');
  });

  it('includes a quote written twice inside quotes', () => {
    expect(shape('process.commandLine: "say ""hi"""')).toBe('process.commandLine equals[say "hi"]');
    expect(shape('process.name: `a``b`')).toBe('process.name exact[a`b]');
  });

  it('reads field: * as "has a value"', () => {
    expect(shape('process.name: *')).toBe('process.name exists');
    expect(shape('process.pid: "**"')).toBe('process.pid exists');
    expect(shape('process.name: (*, cmd.exe)')).toBe('process.name exists');
  });

  it('reads value lists as any of the values', () => {
    expect(shape('process.name: (cmd.exe, "power shell.exe", `X`, w*)')).toBe(
      'process.name equals[cmd.exe,power shell.exe] | exact[X] | like[w*]',
    );
    expect(shape('process.pid: (4, 8)')).toBe('process.pid range[4..4] | range[8..8]');
  });

  it('reads comparisons with or without a colon', () => {
    expect(shape('process.pid > 100')).toBe('process.pid range(100..+)');
    expect(shape('process.pid:>=100')).toBe('process.pid range[100..+)');
    expect(shape('process.pid: < 100')).toBe('process.pid range(-..100)');
    expect(shape('process.pid <= -3')).toBe('process.pid range(-..-3]');
  });

  it('reads inclusive, exclusive and half-open ranges on numbers', () => {
    expect(shape('network.remote.address.port: [1..1024]')).toBe(
      'network.remote.address.port range[1..1024]',
    );
    expect(shape('network.remote.address.port: (1..1024)')).toBe(
      'network.remote.address.port range(1..1024)',
    );
    expect(shape('network.remote.address.port: [ 1 .. 1024 )')).toBe(
      'network.remote.address.port range[1..1024)',
    );
  });

  it('reads a date as its whole UTC day and a datetime as one millisecond', () => {
    expect(shape('event.datetime: 2024-09-15')).toBe(
      'event.datetime range[2024-09-15T00:00:00.000Z..2024-09-16T00:00:00.000Z)',
    );
    expect(shape('event.datetime > 2024-09-15')).toBe(
      'event.datetime range[2024-09-16T00:00:00.000Z..+)',
    );
    expect(shape('event.datetime <= 2024-09-15')).toBe(
      'event.datetime range(-..2024-09-16T00:00:00.000Z)',
    );
    expect(shape('event.datetime < 2024-09-15T10:00:00+0200')).toBe(
      'event.datetime range(-..2024-09-15T08:00:00.000Z)',
    );
    expect(shape('event.datetime: (2024-09-15..2024-09-17)')).toBe(
      'event.datetime range[2024-09-16T00:00:00.000Z..2024-09-17T00:00:00.000Z)',
    );
    expect(shape('event.datetime: [2024-09-15T10:00:00-05:30..2024-09-15]')).toBe(
      'event.datetime range[2024-09-15T15:30:00.000Z..2024-09-16T00:00:00.000Z)',
    );
  });

  it('reads IP addresses, CIDR blocks and IP wildcards', () => {
    expect(shape('destination.ip: 10.0.0.0/8')).toBe(
      'network.remote.address.ip key[00000000000000000000ffff0a000000..00000000000000000000ffff0affffff]',
    );
    expect(shape('destination.ip: ::FFFF:10.1.2.3')).toBe(
      'network.remote.address.ip key[00000000000000000000ffff0a010203..00000000000000000000ffff0a010203]',
    );
    expect(shape('destination.ip: fe80::/10')).toBe(
      'network.remote.address.ip key[fe800000000000000000000000000000..febfffffffffffffffffffffffffffff]',
    );
    expect(shape('destination.ip: 10.0.*')).toBe('network.remote.address.ip like[10.0.*]');
  });

  it('compares GUIDs without braces or case', () => {
    expect(shape('process.guid: {E2C04BB9-08C3-60C4-1C17-400100000000}')).toBe(
      'process.guid exact[e2c04bb9-08c3-60c4-1c17-400100000000]',
    );
    expect(shape('process.parent.guid: {E2C04BB9*')).toBe('process.parent.guid like[e2c04bb9*]');
  });

  it('maps closed-set values to what is stored, wildcards to every value they match', () => {
    expect(shape('type: process')).toBe('type exact[PROCESS]');
    expect(shape('action: *ED')).toBe(
      'action exact[STARTED,TERMINATED,CREATED,MODIFIED,DELETED,CONNECTED,KEY_CREATED,KEY_DELETED,VALUE_DELETED,RENAMED]',
    );
    expect(shape('type: (file, mutex)')).toBe('type exact[FILE,MUTEX]');
  });

  it('searches the default fields for a value without a field', () => {
    const root = parseQuery('Mimikatz').root!;
    if (root.kind !== 'or') throw new Error(`expected OR, got ${root.kind}`);
    expect(root.children.map(render)).toEqual([
      'asset.hostname like[*mimikatz*]',
      'process.name like[*mimikatz*]',
      'process.path like[*mimikatz*]',
      'process.commandLine like[*mimikatz*]',
      'process.user like[*mimikatz*]',
      'process.parent.path like[*mimikatz*]',
      'process.parent.commandLine like[*mimikatz*]',
      'network.remote.address.fqdn like[*mimikatz*]',
      'file.fullPath like[*mimikatz*]',
      'registry.path like[*mimikatz*]',
      'registry.data like[*mimikatz*]',
      'handle.name like[*mimikatz*]',
      'indicator.threatName like[*mimikatz*]',
    ]);
  });

  it('accepts field names and aliases in any case', () => {
    expect(shape('Process.Name: a')).toBe('process.name equals[a]');
    expect(shape('host.hostname: a')).toBe('asset.hostname equals[a]');
    expect(shape('@timestamp > 2024-01-01')).toBe(
      'event.datetime range[2024-01-02T00:00:00.000Z..+)',
    );
  });

  it('parses list catalogues with their own fields', () => {
    const query = parseQuery('state: enabled severity: (high, critical)', ruleCatalogue);
    expect(render(query.root!)).toBe('and(state exact[true], severity equals[high,critical])');
  });

  it.each([
    [
      'proces.name: x',
      {
        problem: 'unknown-field',
        position: 0,
        length: 11,
        suggestions: ['process.name'],
        message: "Unknown event field 'proces.name'; did you mean process.name? (at position 0)",
      },
    ],
    [
      'type: PROCESS and nme: x',
      { problem: 'unknown-field', position: 18, length: 3, suggestions: [] },
    ],
    [
      'process.pid: 12a',
      {
        problem: 'wrong-type',
        position: 13,
        length: 3,
        message:
          "process.pid is a number field: expected a whole number, e.g. process.pid: 4688, found '12a' (at position 13)",
      },
    ],
    ['process.pid: 1.5', { problem: 'wrong-type', position: 13, length: 3 }],
    ['process.pid: 9007199254740993', { problem: 'wrong-type', position: 13, length: 16 }],
    ['process.name > a', { problem: 'wrong-type', position: 13, length: 3 }],
    ['process.name: [a..b]', { problem: 'wrong-type', position: 14, length: 2 }],
    ['event.datetime: 2024-02-30', { problem: 'wrong-type', position: 16, length: 10 }],
    ['event.datetime: yesterday', { problem: 'wrong-type', position: 16, length: 9 }],
    ['destination.ip: 10.0.0.256', { problem: 'wrong-type', position: 16, length: 10 }],
    [
      'event.datetime: [2024-09-22..2024-09-15]',
      {
        problem: 'range-order',
        position: 16,
        length: 24,
        message: 'The range starts after it ends: put the smaller time first (at position 16)',
      },
    ],
    ['process.pid: (9..3)', { problem: 'range-order', position: 13, length: 6 }],
    [
      'destination.ip: 10.0.0.0/33',
      {
        problem: 'bad-cidr',
        position: 16,
        length: 11,
        message:
          "'10.0.0.0/33' is not a CIDR block: the prefix length after '/' must be a whole number from 0 to 32 (at position 16)",
      },
    ],
    ['destination.ip: 10.0.0/8', { problem: 'bad-cidr', position: 16, length: 8 }],
    ['destination.ip: fe80::/129', { problem: 'bad-cidr', position: 16, length: 10 }],
    [
      'type: PROCES',
      {
        problem: 'unknown-value',
        position: 6,
        length: 6,
        values: ['PROCESS', 'FILE', 'NETWORK', 'MUTEX', 'REGISTRY'],
      },
    ],
    [
      '(type: FILE',
      {
        problem: 'syntax',
        position: 0,
        length: 1,
        message: "Missing ')': the '(' here is never closed (at position 0)",
      },
    ],
    ['type: FILE)', { problem: 'syntax', position: 10, length: 1 }],
    ['type: FILE and', { problem: 'syntax', position: 14, length: 0 }],
    ['or type: FILE', { problem: 'syntax', position: 0, length: 2 }],
    ['process.name:', { problem: 'syntax', position: 13, length: 0 }],
    ['process.name: and', { problem: 'syntax', position: 14, length: 3 }],
    ['process.name: "cmd', { problem: 'syntax', position: 14, length: 1 }],
    ['process.name: "a"b', { problem: 'syntax', position: 17, length: 1 }],
    ['process.name: a(b', { problem: 'syntax', position: 15, length: 1 }],
    ['process.name: (a b)', { problem: 'syntax', position: 17, length: 1 }],
    ['process.pid: [1 5]', { problem: 'syntax', position: 16, length: 1 }],
    ['process.pid: [1..5', { problem: 'syntax', position: 18, length: 0 }],
    ['`PING`', { problem: 'syntax', position: 0, length: 6 }],
    ['()', { problem: 'syntax', position: 1, length: 1 }],
  ])('rejects %s', (text, expected) => {
    expect(errorOf(text)).toMatchObject({ code: 'QUERY_INVALID', ...expected });
  });
});
