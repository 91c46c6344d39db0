/**
 * The rule editor's state and its conversion to the API's rule input. Pure: the time zone
 * and today's date are passed in.
 */

import { plural } from '$lib/ui/format.js';

export const triggerTypes = ['SINGLE_MATCH', 'COUNT_MATCH', 'SCHEDULED_MATCH'] as const;
export type TriggerTypeName = (typeof triggerTypes)[number];

export const triggerLabels: Record<TriggerTypeName, string> = {
  SINGLE_MATCH: 'Single Match',
  COUNT_MATCH: 'Time-Window Count Match',
  SCHEDULED_MATCH: 'Time-Window Scheduled Match',
};

export const severityNames = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type SeverityName = (typeof severityNames)[number];

export const repeatNames = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type RepeatName = (typeof repeatNames)[number];

export const weekdayNames = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;
export type WeekdayName = (typeof weekdayNames)[number];

export const groupByNames = ['ACTION', 'HOSTNAME', 'FIELD'] as const;
export type GroupByName = (typeof groupByNames)[number];

export const groupLabels: Record<GroupByName, string> = {
  ACTION: 'By action',
  HOSTNAME: 'By asset hostname',
  FIELD: 'By field',
};

/** Units the count window is entered in, with their length in seconds. */
export const windowUnits = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86_400 } as const;
export type WindowUnit = keyof typeof windowUnits;

export interface ScheduleForm {
  repeat: RepeatName;
  every: number;
  weekdays: WeekdayName[];
  dayOfMonth: number;
  startDate: string;
  endDate: string;
  startTime: string;
  /** Whether the window ends at a time of day or lasts a number of minutes. */
  endMode: 'END_TIME' | 'DURATION';
  endTime: string;
  durationMinutes: number;
}

/** Everything the rule editor holds. */
export interface RuleForm {
  name: string;
  description: string;
  severity: SeverityName;
  enabled: boolean;
  query: string;
  triggerType: TriggerTypeName;
  count: number;
  windowAmount: number;
  windowUnit: WindowUnit;
  schedule: ScheduleForm;
  timeZone: string;
  aggregate: boolean;
  groupBy: GroupByName;
  groupField: string;
  actionIds: string[];
}

/** The schedule as the API takes it. */
export interface ScheduleValue {
  repeat: RepeatName;
  every: number;
  weekdays: WeekdayName[] | null;
  dayOfMonth: number | null;
  startDate: string;
  endDate: string | null;
  startTime: string;
  endTime: string | null;
  durationMinutes: number | null;
}

/** The trigger as the API takes it: the parameters of the other types left out. */
export interface TriggerValue {
  type: TriggerTypeName;
  count: number | null;
  windowSeconds: number | null;
  schedule: ScheduleValue | null;
}

/** A rule as the API takes it when creating or updating one. */
export interface RuleValue {
  name: string;
  description: string;
  severity: SeverityName;
  enabled: boolean;
  query: string;
  trigger: TriggerValue;
  timeZone: string;
  aggregate: boolean;
  group: { by: GroupByName; field: string | null } | null;
  actionIds: string[];
}

/** A new rule's form: Single Match, MEDIUM, enabled, in the analyst's time zone. */
export function createRuleForm(timeZone: string, today: string, query = ''): RuleForm {
  return {
    name: '',
    description: '',
    severity: 'MEDIUM',
    enabled: true,
    query,
    triggerType: 'SINGLE_MATCH',
    count: 5,
    windowAmount: 10,
    windowUnit: 'MINUTES',
    schedule: {
      repeat: 'DAILY',
      every: 1,
      weekdays: ['MONDAY'],
      dayOfMonth: 1,
      startDate: today,
      endDate: '',
      startTime: '09:00',
      endMode: 'END_TIME',
      endTime: '17:00',
      durationMinutes: 60,
    },
    timeZone,
    aggregate: false,
    groupBy: 'HOSTNAME',
    groupField: '',
    actionIds: [],
  };
}

/** The schedule part of the form as the API takes it. */
export function toScheduleValue(schedule: ScheduleForm): ScheduleValue {
  return {
    repeat: schedule.repeat,
    every: schedule.every,
    weekdays: schedule.repeat === 'WEEKLY' ? orderWeekdays(schedule.weekdays) : null,
    dayOfMonth: schedule.repeat === 'MONTHLY' ? schedule.dayOfMonth : null,
    startDate: schedule.startDate,
    endDate: schedule.endDate || null,
    startTime: schedule.startTime,
    endTime: schedule.endMode === 'END_TIME' ? schedule.endTime : null,
    durationMinutes: schedule.endMode === 'DURATION' ? schedule.durationMinutes : null,
  };
}

/** The form as the API's rule input. */
export function toRuleValue(form: RuleForm): RuleValue {
  return {
    name: form.name.trim(),
    description: form.description.trim(),
    severity: form.severity,
    enabled: form.enabled,
    query: form.query.trim(),
    trigger: {
      type: form.triggerType,
      count: form.triggerType === 'COUNT_MATCH' ? form.count : null,
      windowSeconds:
        form.triggerType === 'COUNT_MATCH'
          ? form.windowAmount * windowUnits[form.windowUnit]
          : null,
      schedule: form.triggerType === 'SCHEDULED_MATCH' ? toScheduleValue(form.schedule) : null,
    },
    timeZone: form.timeZone,
    aggregate: form.aggregate,
    group: form.aggregate
      ? { by: form.groupBy, field: form.groupBy === 'FIELD' ? form.groupField.trim() : null }
      : null,
    actionIds: [...form.actionIds],
  };
}

/** A stored rule back in the form, with defaults for the criteria it does not use. */
export function toRuleForm(rule: RuleValue, today: string): RuleForm {
  const form = createRuleForm(rule.timeZone, today, rule.query);
  const window = splitWindow(rule.trigger.windowSeconds ?? 600);
  const schedule = rule.trigger.schedule;

  return {
    ...form,
    name: rule.name,
    description: rule.description,
    severity: rule.severity,
    enabled: rule.enabled,
    triggerType: rule.trigger.type,
    count: rule.trigger.count ?? form.count,
    windowAmount: window.amount,
    windowUnit: window.unit,
    schedule: schedule
      ? {
          repeat: schedule.repeat,
          every: schedule.every,
          weekdays: schedule.weekdays ? [...schedule.weekdays] : form.schedule.weekdays,
          dayOfMonth: schedule.dayOfMonth ?? form.schedule.dayOfMonth,
          startDate: schedule.startDate,
          endDate: schedule.endDate ?? '',
          startTime: schedule.startTime,
          endMode: isEndTimeExact(schedule) ? 'END_TIME' : 'DURATION',
          endTime: schedule.endTime ?? form.schedule.endTime,
          durationMinutes: schedule.durationMinutes ?? form.schedule.durationMinutes,
        }
      : form.schedule,
    aggregate: rule.aggregate,
    groupBy: rule.group?.by ?? form.groupBy,
    groupField: rule.group?.field ?? '',
    actionIds: [...rule.actionIds],
  };
}

/** A window length in the largest unit that divides it: 7200 s is 2 hours. */
export function splitWindow(seconds: number): { amount: number; unit: WindowUnit } {
  for (const unit of ['DAYS', 'HOURS', 'MINUTES'] as const) {
    if (seconds % windowUnits[unit] === 0) return { amount: seconds / windowUnits[unit], unit };
  }
  return { amount: seconds, unit: 'SECONDS' };
}

/** A window length as people read it: "10 minutes", "1 hour". */
export function formatWindow(seconds: number): string {
  const { amount, unit } = splitWindow(seconds);
  const name = unit.toLowerCase();
  return `${amount} ${plural(amount, name.slice(0, -1), name)}`;
}

// The API returns both an end time and a duration; the end time describes the window only
// when it lies less than a day after the start (a 24-hour window ends at its start time).
function isEndTimeExact(schedule: ScheduleValue): boolean {
  if (!schedule.endTime) return false;
  if (schedule.durationMinutes === null) return true;
  const minutes = (clock: string) => {
    const [hours, rest] = clock.split(':');
    return Number(hours) * 60 + Number(rest);
  };
  const span = (minutes(schedule.endTime) - minutes(schedule.startTime) + 1440) % 1440;
  return span !== 0 && span === schedule.durationMinutes;
}

function orderWeekdays(days: readonly WeekdayName[]): WeekdayName[] {
  return weekdayNames.filter((day) => days.includes(day));
}
