import { describe, expect, it } from 'vitest';

import { FieldResolver } from './field.resolver.js';
import { QueryCatalogueName } from './field.type.js';

describe(FieldResolver.name, () => {
  const sut = new FieldResolver();

  it('lists the event fields with types, event types and closed sets of values', () => {
    const fields = sut.fields(QueryCatalogueName.EVENTS);
    expect(fields.length).toBe(41);
    expect(fields.find((field) => field.name === 'handle.kind')).toEqual({
      name: 'handle.kind',
      aliases: [],
      type: 'keyword',
      eventTypes: ['MUTEX'],
      description: 'MUTEX or PIPE',
      values: ['MUTEX', 'PIPE'],
    });
  });

  it('lists the fields of a list search bar', () => {
    expect(sut.fields(QueryCatalogueName.RULES).map((field) => field.name)).toEqual([
      'name',
      'description',
      'state',
      'type',
      'severity',
      'query',
      'groupBy',
      'id',
      'created',
      'updated',
      'lastTriggered',
      'action.name',
    ]);
  });

  it('checks a query without running it', () => {
    expect(sut.checkQuery('type: FILE', QueryCatalogueName.EVENTS)).toEqual({
      valid: true,
      message: null,
      problem: null,
      position: null,
      length: null,
      suggestions: [],
    });
    expect(sut.checkQuery('stat: enabled', QueryCatalogueName.RULES)).toEqual({
      valid: false,
      message: "Unknown rule field 'stat'; did you mean state? (at position 0)",
      problem: 'unknown-field',
      position: 0,
      length: 4,
      suggestions: ['state'],
    });
  });
});
