import { ValidationError } from '../errors.js';
import { parseSchedule, type Schedule, type ScheduleInput } from './schedule/index.js';
import { TriggerType, type Trigger } from './rule.js';

/** The most matches a Time-Window Count Match may ask for. */
export const maxCount = 1000;

/** The longest count window: 30 days. */
export const maxWindowSeconds = 30 * 24 * 3600;

/** A trigger as an API client sends it: the parameters of the other types are left out. */
export interface TriggerInput {
  type: TriggerType;
  count?: number | null;
  windowSeconds?: number | null;
  schedule?: ScheduleInput | null;
}

/**
 * Validates a trigger from the API and normalises it.
 *
 * @throws ValidationError naming the field ('trigger.count', 'trigger.schedule.startTime').
 */
export function parseTrigger(input: TriggerInput, timeZone: string): Trigger {
  switch (input.type) {
    case TriggerType.SINGLE_MATCH:
      rejectPresent(input, ['count', 'windowSeconds', 'schedule']);
      return { type: TriggerType.SINGLE_MATCH };

    case TriggerType.COUNT_MATCH: {
      rejectPresent(input, ['schedule']);
      const count = input.count;
      if (!isIntegerIn(count, 1, maxCount)) {
        throw new ValidationError('trigger.count', `must be a whole number from 1 to ${maxCount}`);
      }
      const windowSeconds = input.windowSeconds;
      if (!isIntegerIn(windowSeconds, 1, maxWindowSeconds)) {
        throw new ValidationError(
          'trigger.windowSeconds',
          `must be a whole number of seconds from 1 to ${maxWindowSeconds} (30 days)`,
        );
      }
      return { type: TriggerType.COUNT_MATCH, count, windowSeconds };
    }

    case TriggerType.SCHEDULED_MATCH: {
      rejectPresent(input, ['count', 'windowSeconds']);
      if (input.schedule == null) {
        throw new ValidationError('trigger.schedule', 'a Time-Window Scheduled Match needs one');
      }
      return {
        type: TriggerType.SCHEDULED_MATCH,
        schedule: toInput(checkSchedule(input, timeZone)),
      };
    }

    default:
      throw new ValidationError(
        'trigger.type',
        `must be one of ${Object.values(TriggerType).join(', ')}`,
      );
  }
}

/** The schedule of a scheduled trigger, parsed in the rule's time zone. */
export function scheduleOf(trigger: Trigger, timeZone: string): Schedule | null {
  return trigger.type === TriggerType.SCHEDULED_MATCH
    ? parseSchedule(trigger.schedule, timeZone)
    : null;
}

/** The JSON kept in `rules.trigger`: the parameters without the type. */
export function serializeTrigger(trigger: Trigger): string {
  const { type: _type, ...parameters } = trigger;
  return JSON.stringify(parameters);
}

/** A trigger from the `rules` columns `trigger_type` and `trigger`. */
export function deserializeTrigger(type: string, json: string): Trigger {
  const parameters = JSON.parse(json) as Record<string, unknown>;
  return { ...parameters, type } as Trigger;
}

/** A short description of the criterion, e.g. "3 matches within 15 minutes". */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.type) {
    case TriggerType.SINGLE_MATCH:
      return 'every match';
    case TriggerType.COUNT_MATCH:
      return `${trigger.count} ${trigger.count === 1 ? 'match' : 'matches'} within ${formatDuration(trigger.windowSeconds)}`;
    case TriggerType.SCHEDULED_MATCH:
      return 'the matches of each scheduled window';
  }
}

/** Seconds as people say them: "15 minutes", "1 hour 30 minutes", "45 seconds". */
export function formatDuration(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of units) {
    const amount = Math.floor(rest / size);
    if (amount === 0) continue;
    parts.push(`${amount} ${name}${amount === 1 ? '' : 's'}`);
    rest -= amount * size;
  }
  return parts.join(' ') || '0 seconds';
}

function checkSchedule(input: TriggerInput, timeZone: string): Schedule {
  try {
    return parseSchedule(input.schedule, timeZone);
  } catch (error) {
    // The schedule module names its fields from the schedule ('schedule.startTime').
    const field = error instanceof ValidationError ? String(error.details.field) : '';
    if (!field.startsWith('schedule')) throw error;
    const message = (error as ValidationError).message.slice(field.length + 2);
    throw new ValidationError(`trigger.${field}`, message);
  }
}

function toInput(schedule: Schedule): ScheduleInput {
  return {
    repeat: schedule.repeat,
    every: schedule.every,
    weekdays: [...schedule.weekdays],
    dayOfMonth: schedule.dayOfMonth,
    startDate: schedule.startDate,
    endDate: schedule.endDate,
    startTime: schedule.startTime,
    endTime: schedule.endTime,
    durationMinutes: schedule.durationMinutes,
  };
}

function rejectPresent(input: TriggerInput, names: Array<keyof TriggerInput>): void {
  for (const name of names) {
    if (input[name] != null) {
      throw new ValidationError(`trigger.${name}`, `a ${input.type} trigger does not take ${name}`);
    }
  }
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
