import type { Prisma } from '../store/store.js';
import { DeliveryStatus } from './delivery.policy.js';

/** A delivery as the API shows it. */
export interface DeliveryRecord {
  id: number;
  alertId: number;
  actionId: number;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Deliveries of one action counted by status. */
export type DeliveryCountsRecord = Record<'pending' | 'success' | 'failed', number>;

/** Reads of the deliveries table for the API; the dispatcher writes it (outbox.repository). */
export class DeliveryRepository {
  constructor(private readonly prisma: Prisma) {}

  /** Deliveries newest first, filtered by alert and status. */
  async list(filter: {
    alertId?: number;
    status?: DeliveryStatus;
    first: number;
  }): Promise<DeliveryRecord[]> {
    const rows = await this.prisma.delivery.findMany({
      where: {
        ...(filter.alertId === undefined ? {} : { alertId: filter.alertId }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
      },
      orderBy: { id: 'desc' },
      take: filter.first,
    });
    return rows.map(toRecord);
  }

  /** The deliveries of one alert in the order they were created. */
  async forAlert(alertId: number): Promise<DeliveryRecord[]> {
    const rows = await this.prisma.delivery.findMany({
      where: { alertId },
      orderBy: { id: 'asc' },
    });
    return rows.map(toRecord);
  }

  async find(id: number): Promise<DeliveryRecord | null> {
    const row = await this.prisma.delivery.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async countsByAction(actionId: number): Promise<DeliveryCountsRecord> {
    const groups = await this.prisma.delivery.groupBy({
      by: ['status'],
      where: { actionId },
      _count: { _all: true },
    });
    const count = (status: DeliveryStatus) =>
      groups.find((group) => group.status === status)?._count._all ?? 0;
    return {
      pending: count(DeliveryStatus.PENDING),
      success: count(DeliveryStatus.SUCCESS),
      failed: count(DeliveryStatus.FAILED),
    };
  }
}

function toRecord(row: {
  id: number;
  alertId: number;
  actionId: number;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}): DeliveryRecord {
  return { ...row, status: row.status as DeliveryStatus };
}
