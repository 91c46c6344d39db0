import type { StoredEvent } from '../events/event.js';
import { TriggerType } from '../rules/rule.js';
import type { AlertDraft, CompiledRule } from './alert-draft.js';
import { evaluateStep, windowAlert, type EvaluationOptions } from './evaluate.js';
import type { RuleState } from './rule-state.js';
import { closeThrough } from './scheduled-window.js';

/** Events the live evaluator reads per step when it has a backlog. */
export const backtestStepSize = 5000;

export interface BacktestOptions extends EvaluationOptions {
  /** The end of the range: scheduled windows ending by then close. */
  to: number;
  /** Evaluation stops once this many alerts exist; the rest of the range is not read. */
  maxAlerts: number;
}

export interface BacktestOutcome {
  alerts: AlertDraft[];
  lateEvents: number;
  /** Scheduled windows still open at the end of the range (they produce no alert). */
  openWindows: number;
  /** Whether `maxAlerts` stopped the evaluation. */
  alertLimitReached: boolean;
}

/**
 * Runs one rule over past events as the evaluator would have, writing nothing.
 *
 * @remarks
 * `events` are the rule's matches (or more) in sequence order. A step is a block of
 * {@link backtestStepSize} consecutive event ids, as a live evaluator working off a
 * backlog reads them; this only matters to an aggregated Single Match. Pure.
 */
export function runBacktest(
  rule: CompiledRule,
  events: readonly StoredEvent[],
  options: BacktestOptions,
): BacktestOutcome {
  const states = new Map<number, RuleState>();
  const alerts: AlertDraft[] = [];
  let alertLimitReached = false;

  for (let start = 0; start < events.length;) {
    const block = Math.floor((events[start]!.id - 1) / backtestStepSize);
    let end = start;
    while (end < events.length && Math.floor((events[end]!.id - 1) / backtestStepSize) === block) {
      end++;
    }
    alerts.push(...evaluateStep([rule], states, events.slice(start, end), options).alerts);
    start = end;
    if (
      alerts.length > options.maxAlerts ||
      (alerts.length === options.maxAlerts && start < events.length)
    ) {
      alertLimitReached = true;
      break;
    }
  }

  const state = states.get(rule.id);
  let openWindows = 0;
  if (!alertLimitReached && state && rule.logic.trigger.type === TriggerType.SCHEDULED_MATCH) {
    for (const [key, group] of state.scheduled) {
      for (const window of closeThrough(group, options.to)) {
        alerts.push(windowAlert(rule, key, window, 0));
      }
      openWindows += group.windows.length;
    }
  }

  return {
    alerts: alerts.slice(0, options.maxAlerts),
    lateEvents: state?.lateEvents ?? 0,
    openWindows,
    alertLimitReached: alertLimitReached || alerts.length > options.maxAlerts,
  };
}
