import { ActionRepository } from '../actions/action.repository.js';
import type { AlertMessageInput } from '../actions/messages/message.js';
import { renderAlertMessage } from '../actions/messages/message.js';
import { ActionType } from '../actions/action.settings.js';
import { ValidationError } from '../errors.js';
import type { StoredEvent } from '../events/event.js';
import { eventColumnList, rowToEvent } from '../events/event.row.js';
import type { AlertDraft } from '../evaluator/alert-draft.js';
import { runBacktest } from '../evaluator/backtest.js';
import { compileRule } from '../evaluator/compile-rule.js';
import { compileSql, parseQuery } from '../query/index.js';
import type { Db } from '../store/db.js';
import type { Prisma } from '../store/store.js';
import { BacktestLimit, type BacktestAlert, type BacktestResult } from './backtest.type.js';
import type { RuleRecord } from './rule.js';
import type { RuleService } from './rule.service.js';
import { validateRuleInput, type RuleInputValue } from './rule.validation.js';
import type { SecretBox } from '../store/secret-box.js';

/** The most matching events a backtest reads. */
export const maxBacktestEvents = 50_000;
/** The most alerts a backtest returns. */
export const maxBacktestAlerts = 500;

export interface BacktestServiceDeps {
  db: Db;
  prisma: Prisma;
  /** Opens the secrets of the rule's actions (their messages are rendered, not sent). */
  secrets: SecretBox;
  rules: RuleService;
  /** Config.allowedLatenessMs. */
  allowedLatenessMs: number;
  /** The bounds of one backtest. @default maxBacktestEvents and maxBacktestAlerts */
  limits?: { events: number; alerts: number };
}

interface BacktestAction {
  id: number;
  name: string;
  type: ActionType;
  input: Partial<AlertMessageInput>;
}

/** Runs saved or draft rules over a past time range and renders what they would send. */
export class BacktestService {
  readonly #actions: ActionRepository;
  readonly #limits: { events: number; alerts: number };

  constructor(private readonly deps: BacktestServiceDeps) {
    this.#actions = new ActionRepository(deps.prisma, deps.db, deps.secrets);
    this.#limits = deps.limits ?? { events: maxBacktestEvents, alerts: maxBacktestAlerts };
  }

  /** A saved rule over [from, to), as it is now. */
  async backtestRule(id: number, from: Date, to: Date): Promise<BacktestResult> {
    const row = await this.deps.rules.row(id);
    return this.#run(row, row.actionIds, from, to);
  }

  /** A rule that is not saved (the editor's draft) over [from, to). */
  async backtestDraft(input: RuleInputValue, from: Date, to: Date): Promise<BacktestResult> {
    const valid = validateRuleInput(input);
    const record: RuleRecord = {
      ...valid,
      id: 0,
      version: 1,
      resetVersion: 1,
      startEventId: 0,
      lastTriggeredAt: null,
      createdAt: 0,
      createdById: 0,
      updatedAt: 0,
      updatedById: 0,
      deletedAt: null,
    };
    return this.#run(record, valid.actionIds, from, to);
  }

  async #run(
    record: RuleRecord,
    actionIds: readonly number[],
    from: Date,
    to: Date,
  ): Promise<BacktestResult> {
    if (!(from.getTime() < to.getTime()))
      throw new ValidationError('to', 'must be later than from');

    const rule = { ...compileRule(record), startEventId: 0 };
    const events = await this.#matchingEvents(record.query, from, to);
    const limits = this.#limits;
    const eventLimit = events.length > limits.events;
    const read = eventLimit ? events.slice(0, limits.events) : events;

    const outcome = runBacktest(rule, read, {
      latenessMs: this.deps.allowedLatenessMs,
      to: to.getTime(),
      maxAlerts: limits.alerts,
    });
    const actions = await this.#loadActions(actionIds);
    const byId = new Map(read.map((event) => [event.id, event]));

    const limitReached = eventLimit
      ? BacktestLimit.EVENTS
      : outcome.alertLimitReached
        ? BacktestLimit.ALERTS
        : null;
    return {
      from,
      to,
      matchedEvents: read.length,
      alerts: outcome.alerts.map((draft) => toBacktestAlert(draft, record, actions, byId)),
      lateEvents: outcome.lateEvents,
      openWindows: outcome.openWindows,
      limitReached,
      limitMessage: limitMessage(limitReached, read, limits),
    };
  }

  async #matchingEvents(query: string, from: Date, to: Date): Promise<StoredEvent[]> {
    const { db } = this.deps;
    const filter = compileSql(parseQuery(query), db.dialect);
    const rows = await db.all(
      `SELECT ${eventColumnList()} FROM events
        WHERE time >= ? AND time < ? AND ${filter.sql}
        ORDER BY id LIMIT ?`,
      [from, to, ...filter.params, this.#limits.events + 1],
    );
    return rows.map(rowToEvent);
  }

  async #loadActions(ids: readonly number[]): Promise<BacktestAction[]> {
    const actions: BacktestAction[] = [];
    for (const id of ids) {
      const action = await this.#actions.find(id);
      if (!action || action.deletedAt) continue;
      const settings = action.settings;
      actions.push({
        id: action.id,
        name: action.name,
        type: settings.type,
        input:
          settings.type === ActionType.PAGERDUTY
            ? { pagerDutySeverities: settings.pagerDuty.severities }
            : {},
      });
    }
    return actions;
  }
}

function toBacktestAlert(
  draft: AlertDraft,
  rule: RuleRecord,
  actions: readonly BacktestAction[],
  events: ReadonlyMap<number, StoredEvent>,
): BacktestAlert {
  const input: AlertMessageInput = {
    alert: {
      id: 0,
      title: draft.title,
      ruleName: draft.ruleName,
      severity: draft.severity,
      triggerType: draft.triggerType,
      groupKey: draft.groupKey,
      matchCount: draft.matchCount,
      firstTime: draft.firstTime,
      lastTime: draft.lastTime,
      windowStart: draft.windowStart,
      windowEnd: draft.windowEnd,
    },
    rule: { id: rule.id, name: rule.name, query: rule.query, description: rule.description },
    events: draft.eventIds.flatMap((id) => events.get(id) ?? []),
    linkBaseUrl: null,
  };

  return {
    title: draft.title,
    severity: draft.severity,
    triggerType: draft.triggerType,
    groupKey: draft.groupKey,
    hostname: draft.hostname,
    matchCount: draft.matchCount,
    firstTime: new Date(draft.firstTime),
    lastTime: new Date(draft.lastTime),
    windowStart: draft.windowStart === null ? null : new Date(draft.windowStart),
    windowEnd: draft.windowEnd === null ? null : new Date(draft.windowEnd),
    eventIds: draft.eventIds.map(String),
    messages: actions.map((action) => ({
      actionId: String(action.id),
      actionName: action.name,
      channel: action.type,
      content: renderAlertMessage(action.type, { ...input, ...action.input }) as unknown as Record<
        string,
        unknown
      >,
    })),
  };
}

function limitMessage(
  limit: BacktestLimit | null,
  read: readonly StoredEvent[],
  limits: { events: number; alerts: number },
): string | null {
  const rest = 'narrow the range or the query to see the rest';
  if (limit === BacktestLimit.EVENTS) {
    const last = read[read.length - 1]!.id;
    return `stopped after ${limits.events} matching events (up to event ${last}); ${rest}`;
  }
  if (limit === BacktestLimit.ALERTS) return `stopped at ${limits.alerts} alerts; ${rest}`;
  return null;
}
