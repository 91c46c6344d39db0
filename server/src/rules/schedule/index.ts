/**
 * Time-Window Scheduled Match: the arithmetic of a rule's schedule. Pure: the time is
 * passed in, and time zones come from the platform's tz database.
 */
export { weekdays, type Weekday } from './calendar.js';
export { describeSchedule, formatClock, weekdayName } from './describe.js';
export {
  maxEvery,
  parseSchedule,
  repeats,
  type Repeat,
  type Schedule,
  type ScheduleInput,
} from './schedule.js';
export { nextWindows, windowContaining, windowsBetween, type Window } from './windows.js';
