import { describe, expect, it } from 'vitest';

import { createLogger } from './logger.js';

describe(createLogger.name, () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const sut = createLogger('telltale.test', {
      level: 'info',
      write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    return { sut, lines };
  };

  it('writes the time, level, context and message first, then the fields', () => {
    const { sut, lines } = capture();

    sut.info('listening', { url: 'http://127.0.0.1:4000' });

    expect(Object.keys(lines[0]!)).toEqual(['time', 'level', 'context', 'message', 'url']);
    expect(lines[0]).toMatchObject({
      level: 'info',
      context: 'telltale.test',
      message: 'listening',
    });
  });

  it("keeps a field named like one of the line's own keys apart from it", () => {
    const { sut, lines } = capture();

    sut.warn('late', { time: 1575510589276, level: 'x', ruleId: 3 });

    expect(lines[0]).toMatchObject({
      level: 'warn',
      'field.time': 1575510589276,
      'field.level': 'x',
      ruleId: 3,
    });
    expect(lines[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('writes an error as its name, message and stack, and drops lines below the level', () => {
    const { sut, lines } = capture();

    sut.debug('hidden');
    sut.error('failed', { error: new TypeError('boom') });

    expect(lines).toHaveLength(1);
    expect(lines[0]!.error).toMatchObject({ name: 'TypeError', message: 'boom' });
  });
});
