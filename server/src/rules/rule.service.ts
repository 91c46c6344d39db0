import type { Clock } from '../clock.js';
import { NotFoundError, TelltaleError, ValidationError } from '../errors.js';
import { lastEventId } from '../events/event.repository.js';
import { ruleCatalogue } from '../query/index.js';
import type { Db } from '../store/db.js';
import type { Prisma } from '../store/store.js';
import type { UserRecord } from '../users/user.service.js';
import { serializeGroup } from './group.js';
import { compileListSearch } from './list-search.js';
import { TriggerType } from './rule.js';
import {
  countAlerts,
  existingActionIds,
  findRuleRow,
  findRuleRows,
  readLateEvents,
  toRuleRow,
  type RuleRow,
} from './rule.repository.js';
import type { RuleNode, ScheduleDescription } from './rule.type.js';
import { validateRuleInput, type RuleInputValue, type ValidRuleInput } from './rule.validation.js';
import { describeSchedule, nextWindows, parseSchedule } from './schedule/index.js';
import { describeTrigger, scheduleOf, serializeTrigger } from './trigger.js';

export interface RuleServiceDeps {
  prisma: Prisma;
  db: Db;
  clock: Clock;
}

/** Someone else saved the rule between our read and our write. */
export class RuleConflictError extends TelltaleError {
  override name = 'RuleConflictError';

  constructor(id: number) {
    super(`rule ${id} changed while it was being saved: load it again and retry`, 'CONFLICT', {
      id: String(id),
    });
  }
}

/** Rules: validation, storage, and the effects of edits on the evaluator's state. */
export class RuleService {
  constructor(private readonly deps: RuleServiceDeps) {}

  /** The rules that are not deleted, by name; `search` filters with the rules catalogue. */
  async list(search?: string | null): Promise<RuleNode[]> {
    const ids = search?.trim() ? await this.#search(search) : null;
    const rows = await findRuleRows(this.deps.prisma, ids);
    rows.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id - b.id);
    return this.#views(rows);
  }

  /** One rule; NotFoundError when it does not exist or was deleted. */
  async get(id: number): Promise<RuleNode> {
    const [view] = await this.#views([await this.row(id)]);
    return view!;
  }

  /** The stored rule with its action ids, for evaluation and backtests. */
  async row(id: number): Promise<RuleRow> {
    const rule = Number.isSafeInteger(id) ? await findRuleRow(this.deps.prisma, id) : null;
    if (!rule) throw new NotFoundError('rule', id);
    return toRuleRow(rule);
  }

  /** Creates a rule; it evaluates the events stored from now on. */
  async create(input: RuleInputValue, user: UserRecord): Promise<RuleNode> {
    const valid = validateRuleInput(input);
    await this.#checkActions(valid.actionIds);
    const now = new Date(this.deps.clock.now());

    const rule = await this.deps.prisma.rule.create({
      data: {
        ...columns(valid),
        startEventId: BigInt(await lastEventId(this.deps.db)),
        createdAt: now,
        createdById: user.id,
        updatedAt: now,
        updatedById: user.id,
        actions: { create: valid.actionIds.map((actionId) => ({ actionId })) },
      },
    });
    return this.get(rule.id);
  }

  /**
   * Replaces every setting of a rule. A change of the query, trigger, aggregation, group
   * or time zone, or enabling it, discards its open windows: it then evaluates the events
   * stored from now on. With `expectedVersion`, a rule saved by someone else since that
   * version is not overwritten: RuleConflictError.
   */
  async update(
    id: number,
    input: RuleInputValue,
    user: UserRecord,
    expectedVersion: number | null = null,
  ): Promise<RuleNode> {
    const existing = await this.row(id);
    if (expectedVersion !== null && existing.version !== expectedVersion) {
      throw new RuleConflictError(id);
    }
    const valid = validateRuleInput(input);
    await this.#checkActions(valid.actionIds);

    const reset = logicChanged(existing, valid) || (!existing.enabled && valid.enabled);
    await this.#save(existing, user, {
      ...columns(valid),
      ...(reset ? await this.#reset(existing) : {}),
      actions: {
        deleteMany: {},
        create: valid.actionIds.map((actionId) => ({ actionId })),
      },
    });
    return this.get(id);
  }

  /** Enables or disables a rule; enabling discards what it held and starts afresh. */
  async setEnabled(id: number, enabled: boolean, user: UserRecord): Promise<RuleNode> {
    const existing = await this.row(id);
    if (existing.enabled !== enabled) {
      await this.#save(existing, user, {
        enabled,
        ...(enabled ? await this.#reset(existing) : {}),
      });
    }
    return this.get(id);
  }

  /** Deletes a rule: it stops evaluating and leaves the lists; its alerts stay. */
  async remove(id: number, user: UserRecord): Promise<void> {
    const existing = await this.row(id);
    await this.#save(existing, user, { deletedAt: new Date(this.deps.clock.now()) });
  }

  /** A schedule's summary line and its next five windows from now. */
  describeSchedule(input: unknown, timeZone: string): ScheduleDescription {
    const schedule = parseSchedule(input, timeZone);
    return {
      summary: describeSchedule(schedule),
      nextWindows: nextWindows(schedule, this.deps.clock.now(), 5).map(toWindowNode),
    };
  }

  async #save(existing: RuleRow, user: UserRecord, data: Record<string, unknown>): Promise<void> {
    try {
      await this.deps.prisma.rule.update({
        where: { id: existing.id, version: existing.version },
        data: {
          ...data,
          version: existing.version + 1,
          updatedAt: new Date(this.deps.clock.now()),
          updatedById: user.id,
        },
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2025') throw new RuleConflictError(existing.id);
      throw error;
    }
  }

  async #reset(existing: RuleRow) {
    return {
      resetVersion: existing.version + 1,
      startEventId: BigInt(await lastEventId(this.deps.db)),
    };
  }

  async #checkActions(ids: readonly number[]): Promise<void> {
    const existing = await existingActionIds(this.deps.prisma, ids);
    const missing = ids.find((id) => !existing.has(id));
    if (missing !== undefined) {
      throw new ValidationError('actionIds', `action ${missing} does not exist`, {
        value: String(missing),
      });
    }
  }

  async #search(search: string): Promise<number[]> {
    const { db } = this.deps;
    const filter = compileListSearch(search, ruleCatalogue, db.dialect, 'r');
    const rows = await db.all<{ id: unknown }>(
      `SELECT r.id FROM rules r WHERE r.deleted_at IS NULL AND ${filter.sql}`,
      filter.params,
    );
    return rows.map((row) => Number(row.id));
  }

  async #views(rows: readonly RuleRow[]): Promise<RuleNode[]> {
    const ids = rows.map((row) => row.id);
    const [alerts, late] = await Promise.all([
      countAlerts(this.deps.prisma, ids),
      readLateEvents(this.deps.prisma, ids),
    ]);
    const now = this.deps.clock.now();
    return rows.map((row) => toRuleNode(row, alerts.get(row.id) ?? 0, late.get(row.id) ?? 0, now));
  }
}

/** The API view of a stored rule. */
export function toRuleNode(
  row: RuleRow,
  alertCount: number,
  lateEvents: number,
  now: number,
): RuleNode {
  const trigger = row.trigger;
  const schedule = scheduleOf(trigger, row.timeZone);
  return {
    id: String(row.id),
    name: row.name,
    description: row.description,
    query: row.query,
    enabled: row.enabled,
    severity: row.severity,
    trigger: {
      type: trigger.type,
      count: trigger.type === TriggerType.COUNT_MATCH ? trigger.count : null,
      windowSeconds: trigger.type === TriggerType.COUNT_MATCH ? trigger.windowSeconds : null,
      schedule:
        trigger.type === TriggerType.SCHEDULED_MATCH
          ? {
              repeat: trigger.schedule.repeat,
              every: trigger.schedule.every ?? 1,
              weekdays: [...(trigger.schedule.weekdays ?? [])],
              dayOfMonth: trigger.schedule.dayOfMonth ?? null,
              startDate: trigger.schedule.startDate,
              endDate: trigger.schedule.endDate ?? null,
              startTime: trigger.schedule.startTime,
              endTime: schedule!.endTime,
              durationMinutes: schedule!.durationMinutes,
            }
          : null,
      description: describeTrigger(trigger),
    },
    aggregate: row.aggregate,
    group: row.group,
    timeZone: row.timeZone,
    actionIds: row.actionIds.map(String),
    version: row.version,
    createdAt: new Date(row.createdAt),
    createdBy: row.createdBy,
    updatedAt: new Date(row.updatedAt),
    updatedBy: row.updatedBy,
    lastTriggeredAt: row.lastTriggeredAt === null ? null : new Date(row.lastTriggeredAt),
    alertCount,
    lateEvents,
    scheduleSummary: schedule ? describeSchedule(schedule) : null,
    nextWindows: schedule ? nextWindows(schedule, now, 5).map(toWindowNode) : null,
  };
}

function columns(valid: ValidRuleInput) {
  return {
    name: valid.name,
    description: valid.description,
    query: valid.query,
    enabled: valid.enabled,
    severity: valid.severity,
    triggerType: valid.trigger.type,
    trigger: serializeTrigger(valid.trigger),
    aggregate: valid.aggregate,
    groupBy: serializeGroup(valid.group),
    timeZone: valid.timeZone,
  };
}

function logicChanged(existing: RuleRow, valid: ValidRuleInput): boolean {
  return (
    existing.query !== valid.query ||
    existing.trigger.type !== valid.trigger.type ||
    serializeTrigger(existing.trigger) !== serializeTrigger(valid.trigger) ||
    existing.aggregate !== valid.aggregate ||
    serializeGroup(existing.group) !== serializeGroup(valid.group) ||
    existing.timeZone !== valid.timeZone
  );
}

function toWindowNode(window: { start: number; end: number }) {
  return { start: new Date(window.start), end: new Date(window.end) };
}
