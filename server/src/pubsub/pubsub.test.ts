import { afterEach, describe, expect, it, vi } from 'vitest';

import { silentLogger } from '../logger.js';
import { createPubSubBus } from './pubsub.js';
import { Topic } from './topics.js';

describe(createPubSubBus.name, () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('delivers one message to each of 50 in-process subscribers without a listener warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const sut = createPubSubBus(null, silentLogger);

    const iterators = Array.from({ length: 50 }, () =>
      sut.subscribe(Topic.AlertTriggered)[Symbol.asyncIterator](),
    );
    const received = iterators.map((iterator) => iterator.next());
    await new Promise((resolve) => setImmediate(resolve));
    sut.publish(Topic.AlertTriggered, { alertId: 7 });
    const messages = await Promise.all(received);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);

    expect(messages.map((message) => message.value)).toEqual(Array(50).fill({ alertId: 7 }));
    expect(warnings).toEqual([]);
    await Promise.all(iterators.map((iterator) => iterator.return?.()));
  });
});
