import { storeSettings } from '../../src/actions/action.secrets.js';
import type { ActionSettings } from '../../src/actions/action.settings.js';
import type { StoredEvent } from '../../src/events/event.js';
import { eventColumnList, eventValues } from '../../src/events/event.row.js';
import type { Store } from '../../src/store/store.js';
import { storedEvent } from './message-factory.js';

/** A user, created once per store. */
export async function insertUser(store: Store, name = 'analyst'): Promise<number> {
  const user = await store.prisma.user.upsert({ where: { name }, create: { name }, update: {} });
  return user.id;
}

/** A rule as the rules feature stores it. */
export async function insertRule(
  store: Store,
  overrides: { name?: string; query?: string; description?: string } = {},
): Promise<number> {
  const userId = await insertUser(store);
  const rule = await store.prisma.rule.create({
    data: {
      name: overrides.name ?? 'Encoded PowerShell',
      query: overrides.query ?? 'process.name:powershell.exe',
      description: overrides.description ?? 'PowerShell started with an encoded command.',
      severity: 'HIGH',
      triggerType: 'SINGLE_MATCH',
      trigger: '{}',
      createdById: userId,
      updatedById: userId,
    },
  });
  return rule.id;
}

/** An action stored the way the action service stores it. */
export async function insertAction(
  store: Store,
  settings: ActionSettings,
  name = `${settings.type.toLowerCase()} action`,
): Promise<number> {
  const userId = await insertUser(store);
  const action = await store.prisma.action.create({
    data: {
      name,
      type: settings.type,
      ...storeSettings(settings),
      createdById: userId,
      updatedById: userId,
    },
  });
  return action.id;
}

/** Events stored on one asset, as ingest stores them. */
export async function insertEvents(store: Store, events: StoredEvent[]): Promise<void> {
  const { db } = store;
  await db.transaction(async (tx) => {
    const hostname = events[0]?.hostname ?? 'host-1';
    let asset = await tx.get<{ id: number }>('SELECT id FROM assets WHERE host_key = ?', [
      hostname.toLowerCase(),
    ]);
    if (!asset) {
      await tx.run(
        'INSERT INTO assets (host_key, hostname, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)',
        [hostname.toLowerCase(), hostname, new Date(0), new Date(0)],
      );
      asset = await tx.get<{ id: number }>('SELECT id FROM assets WHERE host_key = ?', [
        hostname.toLowerCase(),
      ]);
    }
    const columns = eventColumnList();
    const marks = columns
      .split(', ')
      .map(() => '?')
      .join(', ');
    for (const event of events) {
      await tx.run(
        `INSERT INTO events (${columns}) VALUES (${marks})`,
        eventValues({ ...event, assetId: Number(asset!.id) }, db.dialect),
      );
    }
  });
}

export interface PendingAlert {
  alertId: number;
  /** One delivery per action, in the order of `actionIds`. */
  deliveryIds: number[];
}

/**
 * An alert with its events and one PENDING delivery per action, written in one
 * transaction the way the evaluator writes them.
 */
export async function insertPendingAlert(
  store: Store,
  options: {
    ruleId: number;
    actionIds: number[];
    now: number;
    events?: StoredEvent[];
    matchCount?: number;
  },
): Promise<PendingAlert> {
  const events = options.events ?? [storedEvent()];
  const first = events[0]!;
  const last = events[events.length - 1]!;
  const now = new Date(options.now);

  return store.db.transaction(async (tx) => {
    const [alert] = await tx.all<{ id: number }>(
      `INSERT INTO alerts (rule_id, rule_name, rule_version, severity, trigger_type, group_key,
        title, match_count, first_time, last_time, window_start, window_end, created_at)
      SELECT id, name, version, severity, trigger_type, NULL, name, ?, ?, ?, NULL, NULL, ?
      FROM rules WHERE id = ? RETURNING id`,
      [
        options.matchCount ?? events.length,
        new Date(first.time),
        new Date(last.time),
        now,
        options.ruleId,
      ],
    );
    const alertId = Number(alert!.id);
    for (const event of events) {
      await tx.run('INSERT INTO alert_events (alert_id, event_id) VALUES (?, ?)', [
        alertId,
        event.id,
      ]);
    }

    const deliveryIds: number[] = [];
    for (const actionId of options.actionIds) {
      const [row] = await tx.all<{ id: number }>(
        `INSERT INTO deliveries (alert_id, action_id, status, attempts, next_attempt_at,
          created_at, updated_at) VALUES (?, ?, 'PENDING', 0, ?, ?, ?) RETURNING id`,
        [alertId, actionId, now, now, now],
      );
      deliveryIds.push(Number(row!.id));
    }
    return { alertId, deliveryIds };
  });
}

/** A delivery row as the dispatcher left it. */
export interface DeliveryRow {
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number;
  deliveredAt: number | null;
}

/** Reads a delivery row back through Prisma Client. */
export async function readDelivery(store: Store, id: number): Promise<DeliveryRow> {
  const row = await store.prisma.delivery.findUniqueOrThrow({ where: { id } });
  return {
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt.getTime(),
    deliveredAt: row.deliveredAt?.getTime() ?? null,
  };
}
