import type { EventType } from './event.js';

/**
 * The states an object can be in, per event type. An event moves its object to the state
 * its action implies; the latest event by event time decides.
 *
 * - PROCESS: RUNNING after STARTED, TERMINATED after TERMINATED.
 * - FILE: PRESENT after CREATED or MODIFIED, DELETED after DELETED.
 * - NETWORK (a connection): OPEN after CONNECTED; CLOSED once its process terminates.
 * - MUTEX (a mutex or named pipe): OPEN after CREATED or CONNECTED; CLOSED once its
 *   process terminates.
 * - REGISTRY (a key or value): PRESENT after KEY_CREATED, VALUE_SET or RENAMED (the new
 *   name); DELETED after KEY_DELETED or VALUE_DELETED.
 *
 * DNS queries are point events: they have no object and no state.
 */
export const objectStates = {
  PROCESS: ['RUNNING', 'TERMINATED'],
  FILE: ['PRESENT', 'DELETED'],
  NETWORK: ['OPEN', 'CLOSED'],
  MUTEX: ['OPEN', 'CLOSED'],
  REGISTRY: ['PRESENT', 'DELETED'],
} as const satisfies Record<EventType, readonly string[]>;

export type ObjectStateName = (typeof objectStates)[EventType][number];

/** States in which an object counts as current: what the "Current State" filter shows. */
export const liveStates: readonly ObjectStateName[] = ['RUNNING', 'PRESENT', 'OPEN'];
