import { emptyEvent, type StoredEvent } from '../../src/events/event.js';

let nextId = 1;

/** A stored PROCESS event with every optional field null, changed by `overrides`. */
export function createEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  const id = overrides.id ?? nextId++;
  return {
    ...emptyEvent({
      time: Date.UTC(2024, 8, 15, 12, 0, 0),
      type: 'PROCESS',
      action: 'STARTED',
      source: 'native',
      hostname: 'WS-01',
      raw: '{}',
    }),
    id,
    receivedAt: Date.UTC(2024, 8, 15, 12, 0, 1),
    assetId: 1,
    objectKey: null,
    ...overrides,
  };
}
