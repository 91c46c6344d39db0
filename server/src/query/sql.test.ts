import { describe, expect, it } from 'vitest';

import { actionCatalogue, alertCatalogue, ruleCatalogue } from './list-catalogues.js';
import { parseQuery } from './parser.js';
import { compileSql } from './sql.js';

describe(compileSql.name, () => {
  it('gives 1 = 1 for a query that matches everything', () => {
    expect(compileSql(parseQuery(' '), 'sqlite')).toEqual({ sql: '1 = 1', params: [] });
  });

  it('compares text through lower(), qualified with the alias or the table', () => {
    expect(
      compileSql(parseQuery('process.name: PowerShell.exe'), 'sqlite', { alias: 'e' }),
    ).toEqual({ sql: 'lower(e.process_name) = ?', params: ['powershell.exe'] });
    expect(compileSql(parseQuery('process.name: (a, b)'), 'postgresql')).toEqual({
      sql: 'lower(events.process_name) IN (?, ?)',
      params: ['a', 'b'],
    });
  });

  it('guards terms under NOT so that an absent value makes the term false, not NULL', () => {
    expect(
      compileSql(parseQuery('not type: FILE or process.name: *'), 'sqlite', { alias: 'e' }),
    ).toEqual({
      sql: '(NOT ((e.type IS NOT NULL AND likelihood(e.type = ?, 0.25))) OR e.process_name IS NOT NULL)',
      params: ['FILE'],
    });
    expect(
      compileSql(parseQuery('not (type: FILE or not process.pid: 4)'), 'sqlite', { alias: 'e' }),
    ).toEqual({
      sql: 'NOT (((e.type IS NOT NULL AND likelihood(e.type = ?, 0.25)) OR NOT (e.process_pid = ?)))',
      params: ['FILE', 4],
    });
  });

  it('escapes LIKE characters and adds an index range for a literal prefix', () => {
    expect(compileSql(parseQuery('file.name: 100%_a\\b*'), 'sqlite', { alias: 'e' })).toEqual({
      sql: "(lower(e.file_name) >= ? AND lower(e.file_name) < ? AND lower(e.file_name) LIKE ? ESCAPE '\\')",
      params: ['100%_a\\b', '100%_a\\c', '100\\%\\_a\\\\b%'],
    });
    expect(compileSql(parseQuery('file.name: *.dll'), 'sqlite', { alias: 'e' })).toEqual({
      sql: "lower(e.file_name) LIKE ? ESCAPE '\\'",
      params: ['%.dll'],
    });
  });

  it('binds datetimes as Date and numbers as bigint on PostgreSQL', () => {
    const query = parseQuery('event.datetime: 2024-09-15 and process.pid > 4');
    expect(compileSql(query, 'postgresql', { alias: 'e' })).toEqual({
      sql: '((e.time >= ? AND e.time < ?) AND e.process_pid > CAST(? AS bigint))',
      params: [new Date('2024-09-15T00:00:00Z'), new Date('2024-09-16T00:00:00Z'), 4],
    });
    expect(compileSql(parseQuery('process.pid: 4'), 'sqlite').sql).toBe('events.process_pid = ?');
  });

  it('compares IP keys, guarded on the key column under NOT', () => {
    expect(compileSql(parseQuery('destination.ip: 10.0.0.0/8'), 'sqlite', { alias: 'e' })).toEqual({
      sql: '(e.remote_ip_key >= ? AND e.remote_ip_key <= ?)',
      params: ['00000000000000000000ffff0a000000', '00000000000000000000ffff0affffff'],
    });
    expect(
      compileSql(parseQuery('not destination.ip: (*.1, ::1)'), 'sqlite', { alias: 'e' }),
    ).toEqual({
      sql: "NOT (((e.remote_ip IS NOT NULL AND lower(e.remote_ip) LIKE ? ESCAPE '\\') OR (e.remote_ip_key IS NOT NULL AND e.remote_ip_key = ?)))",
      params: ['%.1', '00000000000000000000000000000001'],
    });
  });

  it('compiles list catalogues over their tables with collation "C" on PostgreSQL', () => {
    expect(
      compileSql(parseQuery('name: *lsass* state: enabled', ruleCatalogue), 'postgresql', {
        alias: 'r',
      }),
    ).toEqual({
      sql: '(lower((r.name COLLATE "C")) LIKE ? ESCAPE \'\\\' AND r.enabled = ?)',
      params: ['%lsass%', true],
    });
    expect(compileSql(parseQuery('name: x', ruleCatalogue), 'sqlite').sql).toBe(
      'lower(rules.name) = ?',
    );
  });

  it('compiles fields held by related rows into EXISTS, which needs no guard', () => {
    expect(
      compileSql(parseQuery('not status: failed', alertCatalogue), 'sqlite', { alias: 'a' }),
    ).toEqual({
      sql: 'NOT (EXISTS (SELECT 1 FROM deliveries dl WHERE dl.alert_id = a.id AND lower(dl.status) = ?))',
      params: ['failed'],
    });
    expect(compileSql(parseQuery('recipient: *', actionCatalogue), 'postgresql').sql).toContain(
      "jsonb_array_elements(CASE WHEN jsonb_typeof(actions.config::jsonb -> 'recipients') = 'array'",
    );
  });
});
