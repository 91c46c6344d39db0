import { minutesPerDay, parseTime, type Weekday } from './calendar.js';
import type { Schedule } from './schedule.js';

/**
 * The schedule's summary line, e.g. "Repeats every Monday and Wednesday from 4:56 pm to
 * 5:56 pm (1.00 hours)". The hours are the wall-clock length of a window.
 */
export function describeSchedule(schedule: Schedule): string {
  const startMinute = parseTime(schedule.startTime)!;
  const endMinute = startMinute + schedule.durationMinutes;
  const hours = (schedule.durationMinutes / 60).toFixed(2);
  const until = schedule.endDate === null ? '' : ` until ${schedule.endDate}`;

  return (
    `Repeats ${describeRepeat(schedule)} from ${formatClock(startMinute)} ` +
    `to ${formatClock(endMinute % minutesPerDay)}${describeDaysLater(endMinute)} ` +
    `(${hours} hours)${until}`
  );
}

/** A weekday as people write it: 'MONDAY' becomes 'Monday'. */
export function weekdayName(day: Weekday): string {
  return day.charAt(0) + day.slice(1).toLowerCase();
}

/** Minutes of the day on a 12-hour clock: 0 is '12:00 am', 1016 is '4:56 pm'. */
export function formatClock(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = String(minuteOfDay % 60).padStart(2, '0');
  return `${hours % 12 || 12}:${minutes} ${hours < 12 ? 'am' : 'pm'}`;
}

function describeRepeat(schedule: Schedule): string {
  const { every } = schedule;

  switch (schedule.repeat) {
    case 'DAILY':
      return every === 1 ? 'daily' : `every ${every} days`;
    case 'WEEKLY': {
      const days = listOf(schedule.weekdays.map(weekdayName));
      return every === 1 ? `every ${days}` : `every ${every} weeks on ${days}`;
    }
    case 'MONTHLY': {
      const day = schedule.dayOfMonth!;
      const head = every === 1 ? 'monthly' : `every ${every} months`;
      // Every month has 28 days; from 29 on, some months use their last day instead.
      const note = day > 28 ? ' (the last day in shorter months)' : '';
      return `${head} on day ${day}${note}`;
    }
  }
}

function describeDaysLater(endMinute: number): string {
  const days = Math.floor(endMinute / minutesPerDay);
  if (days === 0) return '';
  return days === 1 ? ' the next day' : ` ${days} days later`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
