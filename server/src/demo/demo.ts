import type { Logger } from '../logger.js';
import { ActionType } from '../actions/action.settings.js';
import { demoRules } from '../rules/demo-rules.js';
import type { Services } from '../services.js';
import type { UserRecord } from '../users/user.service.js';
import { demoSinkPath } from './demo-sink.js';
import type { Process } from './recorder.js';
import { continueDemoStory, createDemoStory } from './story.js';
import { createLiveFeed, type LiveFeed } from './live-feed.js';

export interface DemoOptions {
  /** The server's own base URL, reachable from itself (the demo action posts there). */
  selfUrl: string;
  /** Keep sending a little activity after the replay. @default true */
  live?: boolean;
}

export interface Demo {
  stop(): void;
}

/**
 * Loads the demo on an empty store: the demo rules, a webhook action posting to the
 * server's own demo receiver, and the generated story replayed through ingest. A store
 * that already holds rules or events is left as it is.
 */
export async function loadDemo(
  services: Services,
  user: UserRecord,
  options: DemoOptions,
): Promise<Demo | null> {
  const logger = services.logger.child('demo');
  if (!(await isEmpty(services))) {
    logger.info('the store is not empty: the demo is not loaded again');
    return null;
  }

  const action = await services.actions.create(
    {
      name: 'Demo webhook (built-in receiver)',
      settings: { type: ActionType.WEBHOOK, webhook: { url: `${options.selfUrl}${demoSinkPath}` } },
    },
    user,
  );
  for (const { key: _key, ...rule } of demoRules) {
    await services.rules.create({ ...rule, actionIds: [String(action.id)] }, user);
  }

  const story = createDemoStory({ now: services.clock.now() });
  const { summary, stopped } = await services.ingest.ingestRecords(story.records);
  if (stopped) throw stopped;
  logger.info('demo loaded', { rules: demoRules.length, events: summary.accepted });

  const feed = options.live === false ? null : startLiveFeed(services, story.implant, logger);
  return { stop: () => feed?.stop() };
}

async function isEmpty(services: Services): Promise<boolean> {
  const { db } = services.store;
  const rule = await db.get('SELECT id FROM rules LIMIT 1');
  const event = await db.get('SELECT id FROM events LIMIT 1');
  return !rule && !event;
}

function startLiveFeed(services: Services, implant: Process, logger: Logger): LiveFeed {
  return createLiveFeed({
    clock: services.clock,
    records: (at, tick) => continueDemoStory(implant, at, tick),
    send: async (records) => {
      const { stopped } = await services.ingest.ingestRecords(records);
      if (stopped)
        logger.warnOnce(stopped.code, 'the live demo feed could not store events', {
          error: stopped,
        });
    },
  });
}
