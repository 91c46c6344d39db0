import { describe, expect, it } from 'vitest';

import {
  createRuleForm,
  formatWindow,
  splitWindow,
  toRuleForm,
  toRuleValue,
  type RuleForm,
} from './rule-form.js';

function createForm(overrides: Partial<RuleForm> = {}): RuleForm {
  return {
    ...createRuleForm('Europe/Berlin', '2026-12-04', 'process.name: cmd.exe'),
    name: ' Shell spawned ',
    ...overrides,
  };
}

describe(toRuleValue.name, () => {
  it('sends only the single match trigger and no group', () => {
    expect(toRuleValue(createForm())).toEqual({
      name: 'Shell spawned',
      description: '',
      severity: 'MEDIUM',
      enabled: true,
      query: 'process.name: cmd.exe',
      trigger: { type: 'SINGLE_MATCH', count: null, windowSeconds: null, schedule: null },
      timeZone: 'Europe/Berlin',
      aggregate: false,
      group: null,
      actionIds: [],
    });
  });

  it('turns the count window into seconds', () => {
    const sut = toRuleValue(
      createForm({ triggerType: 'COUNT_MATCH', count: 3, windowAmount: 2, windowUnit: 'HOURS' }),
    );

    expect(sut.trigger).toEqual({
      type: 'COUNT_MATCH',
      count: 3,
      windowSeconds: 7200,
      schedule: null,
    });
  });

  it('sends the weekly schedule with its weekdays in calendar order and a duration', () => {
    const form = createForm({ triggerType: 'SCHEDULED_MATCH' });
    form.schedule = {
      ...form.schedule,
      repeat: 'WEEKLY',
      weekdays: ['FRIDAY', 'MONDAY'],
      endMode: 'DURATION',
      durationMinutes: 90,
    };

    expect(toRuleValue(form).trigger.schedule).toEqual({
      repeat: 'WEEKLY',
      every: 1,
      weekdays: ['MONDAY', 'FRIDAY'],
      dayOfMonth: null,
      startDate: '2026-12-04',
      endDate: null,
      startTime: '09:00',
      endTime: null,
      durationMinutes: 90,
    });
  });

  it('sends the field of a field group and no field otherwise', () => {
    expect(
      toRuleValue(createForm({ aggregate: true, groupBy: 'FIELD', groupField: ' process.user ' }))
        .group,
    ).toEqual({ by: 'FIELD', field: 'process.user' });
    expect(
      toRuleValue(createForm({ aggregate: true, groupBy: 'ACTION', groupField: 'x' })).group,
    ).toEqual({ by: 'ACTION', field: null });
  });
});

describe(toRuleForm.name, () => {
  it('reads back what toRuleValue wrote', () => {
    const form = createForm({
      name: 'Burst',
      triggerType: 'COUNT_MATCH',
      count: 20,
      windowAmount: 90,
      windowUnit: 'SECONDS',
      aggregate: true,
      groupBy: 'FIELD',
      groupField: 'process.user',
      actionIds: ['4'],
    });

    expect(toRuleForm(toRuleValue(form), '2026-12-04')).toEqual(form);
  });
});

describe(`${toRuleForm.name} with a stored schedule`, () => {
  function storedSchedule(startTime: string, endTime: string, durationMinutes: number) {
    const value = toRuleValue(createForm({ triggerType: 'SCHEDULED_MATCH' }));
    value.trigger.schedule = {
      ...value.trigger.schedule!,
      startTime,
      endTime,
      durationMinutes,
    };
    return toRuleForm(value, '2026-12-04').schedule;
  }

  it('shows an end time that describes the window', () => {
    expect(storedSchedule('22:00', '06:00', 480)).toMatchObject({
      endMode: 'END_TIME',
      endTime: '06:00',
    });
  });

  it('shows a duration for windows of a day or more', () => {
    expect(storedSchedule('00:00', '00:00', 1440)).toMatchObject({
      endMode: 'DURATION',
      durationMinutes: 1440,
    });
    expect(storedSchedule('09:00', '17:00', 2 * 1440 + 480)).toMatchObject({
      endMode: 'DURATION',
    });
  });
});

describe(splitWindow.name, () => {
  it('uses the largest unit that divides the window', () => {
    expect(splitWindow(86_400 * 2)).toEqual({ amount: 2, unit: 'DAYS' });
    expect(splitWindow(5400)).toEqual({ amount: 90, unit: 'MINUTES' });
    expect(splitWindow(45)).toEqual({ amount: 45, unit: 'SECONDS' });
  });
});

describe(formatWindow.name, () => {
  it('names the unit in the singular for one', () => {
    expect(formatWindow(3600)).toBe('1 hour');
    expect(formatWindow(600)).toBe('10 minutes');
  });
});
