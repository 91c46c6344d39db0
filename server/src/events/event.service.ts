import { ValidationError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { StoredEvent } from './event.js';
import { findEvent } from './event.repository.js';
import { defaultHierarchyLimits, type HierarchyLimits, type ProcessGraph } from './hierarchy.js';
import { loadHierarchy } from './hierarchy.repository.js';

/** Options of {@link EventService.hierarchy}; absent ones take the defaults. */
export type HierarchyOptions = Partial<
  Pick<HierarchyLimits, 'ancestors' | 'depth' | 'objectTypes'>
>;

/** Reads single events and their process hierarchies. */
export class EventService {
  constructor(private readonly db: Db) {}

  /** The event with `id`, or null. */
  find(id: number): Promise<StoredEvent | null> {
    return findEvent(this.db, id);
  }

  /** The hierarchy of the event's process, or null when the event does not exist. */
  async hierarchy(eventId: number, options: HierarchyOptions = {}): Promise<ProcessGraph | null> {
    const limits: HierarchyLimits = { ...defaultHierarchyLimits, ...options };
    checkRange('ancestors', limits.ancestors, 64);
    checkRange('depth', limits.depth, 16);

    const event = await findEvent(this.db, eventId);
    return event ? loadHierarchy(this.db, event, limits) : null;
  }
}

function checkRange(field: string, value: number, max: number) {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ValidationError(field, `must be a whole number from 0 to ${max}`, { value });
  }
}
