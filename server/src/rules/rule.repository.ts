import type { Prisma } from '../store/store.js';
import { deserializeGroup } from './group.js';
import type { RuleRecord, Severity } from './rule.js';
import { deserializeTrigger } from './trigger.js';

/** A rule with what its API view needs beside the row: action ids and user names. */
export interface RuleRow extends RuleRecord {
  actionIds: number[];
  createdBy: string;
  updatedBy: string;
}

const include = {
  createdBy: { select: { name: true } },
  updatedBy: { select: { name: true } },
  // A deleted action no longer delivers the rule's alerts.
  actions: {
    where: { action: { deletedAt: null } },
    select: { actionId: true },
    orderBy: { actionId: 'asc' },
  },
} as const;

type PrismaRule = Awaited<ReturnType<typeof findRuleRow>>;

/** Rules by id that are not deleted, in the order of `ids` (all of them when null). */
export async function findRuleRows(prisma: Prisma, ids: readonly number[] | null) {
  const rows = await prisma.rule.findMany({
    where: { deletedAt: null, ...(ids ? { id: { in: [...ids] } } : {}) },
    include,
  });
  return rows.map(toRuleRow);
}

/** One rule that is not deleted, or null. */
export async function findRuleRow(prisma: Prisma, id: number) {
  return prisma.rule.findFirst({ where: { id, deletedAt: null }, include });
}

/** Alert counts by rule id. */
export async function countAlerts(
  prisma: Prisma,
  ruleIds: readonly number[],
): Promise<Map<number, number>> {
  const groups = await prisma.alert.groupBy({
    by: ['ruleId'],
    where: { ruleId: { in: [...ruleIds] } },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.ruleId, group._count._all]));
}

/** The late-event counters kept in the rules' trigger states, by rule id. */
export async function readLateEvents(
  prisma: Prisma,
  ruleIds: readonly number[],
): Promise<Map<number, number>> {
  const states = await prisma.ruleState.findMany({
    where: { ruleId: { in: [...ruleIds] } },
    select: { ruleId: true, state: true },
  });
  return new Map(
    states.map((row) => [
      row.ruleId,
      (JSON.parse(row.state) as { lateEvents?: number }).lateEvents ?? 0,
    ]),
  );
}

/** The ids of the given actions that exist and are not deleted. */
export async function existingActionIds(
  prisma: Prisma,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await prisma.action.findMany({
    where: { id: { in: [...ids] }, deletedAt: null },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}

/** The row of findRuleRow as the services use it. */
export function toRuleRow(rule: NonNullable<PrismaRule>): RuleRow {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    query: rule.query,
    enabled: rule.enabled,
    severity: rule.severity as Severity,
    trigger: deserializeTrigger(rule.triggerType, rule.trigger),
    aggregate: rule.aggregate,
    group: rule.aggregate ? deserializeGroup(rule.groupBy) : null,
    timeZone: rule.timeZone,
    version: rule.version,
    resetVersion: rule.resetVersion,
    startEventId: Number(rule.startEventId),
    lastTriggeredAt: rule.lastTriggeredAt?.getTime() ?? null,
    createdAt: rule.createdAt.getTime(),
    createdById: rule.createdById,
    updatedAt: rule.updatedAt.getTime(),
    updatedById: rule.updatedById,
    deletedAt: rule.deletedAt?.getTime() ?? null,
    actionIds: rule.actions.map((link) => link.actionId),
    createdBy: rule.createdBy.name,
    updatedBy: rule.updatedBy.name,
  };
}
