import type { Logger } from '../logger.js';
import type { ActionChange } from '../actions/action.service.js';
import { ActionType } from '../actions/action.settings.js';
import { demoRules } from '../rules/demo-rules.js';
import type { Services } from '../services.js';
import type { UserRecord } from '../users/user.service.js';
import { demoSinkPath } from './demo-sink.js';
import type { Process } from './recorder.js';
import { continueDemoStory, createDemoStory, demoHosts } from './story.js';
import { createLiveFeed, type LiveFeed } from './live-feed.js';

export interface DemoOptions {
  /** The server's own base URL, reachable from itself (the demo action posts there). */
  selfUrl: string;
  /** Keep sending a little activity after the replay. @default true */
  live?: boolean;
  /** How often the live activity comes. @default 60000 */
  liveIntervalMs?: number;
}

/** The name of the demo's webhook action; a restart points it at the new address. */
export const demoActionName = 'Demo webhook (built-in receiver)';

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
  if (!(await isEmpty(services))) return resumeDemo(services, user, options, logger);

  const action = await services.actions.create(demoAction(options.selfUrl), user);
  for (const { key: _key, ...rule } of demoRules) {
    await services.rules.create({ ...rule, actionIds: [String(action.id)] }, user);
  }

  const story = createDemoStory({ now: services.clock.now() });
  const { summary, stopped } = await services.ingest.ingestRecords(story.records);
  if (stopped) throw stopped;
  logger.info('demo loaded', { rules: demoRules.length, events: summary.accepted });

  const feed =
    options.live === false
      ? null
      : startLiveFeed(services, story.implant, logger, options.liveIntervalMs);
  return { stop: () => feed?.stop() };
}

// A store the demo filled before: the demo action follows this server's address (the port
// may have changed), and the implant, when still running, goes on beaconing.
async function resumeDemo(
  services: Services,
  user: UserRecord,
  options: DemoOptions,
  logger: Logger,
): Promise<Demo | null> {
  const action = (await services.actions.list()).find(
    (candidate) => candidate.name === demoActionName,
  );
  if (action) await services.actions.update(action.id, demoAction(options.selfUrl), user);

  const implant = action ? await findImplant(services) : null;
  logger.info('the store is not empty: the demo is not loaded again', {
    liveFeed: implant !== null && options.live !== false,
  });
  if (!implant || options.live === false) return null;

  const feed = startLiveFeed(services, implant, logger, options.liveIntervalMs);
  return { stop: () => feed.stop() };
}

function demoAction(selfUrl: string): ActionChange {
  return {
    name: demoActionName,
    settings: { type: ActionType.WEBHOOK, webhook: { url: `${selfUrl}${demoSinkPath}` } },
  };
}

// The story's implant: the hidden PowerShell cmd.exe started on the finance workstation,
// as long as it is still running.
async function findImplant(services: Services): Promise<Process | null> {
  const host = demoHosts.finance;
  const row = await services.store.db.get<{
    process_guid: string;
    process_pid: number;
    process_path: string;
    process_command_line: string;
    process_user: string;
    process_integrity: string;
  }>(
    `SELECT e.process_guid, e.process_pid, e.process_path, e.process_command_line,
            e.process_user, e.process_integrity
       FROM events e JOIN object_states o ON o.last_event_id = e.id
      WHERE e.hostname = ? AND e.type = 'PROCESS' AND e.action = 'STARTED'
        AND e.parent_name = 'cmd.exe' AND e.process_name = 'powershell.exe'
        AND o.state = 'RUNNING'
      ORDER BY e.id LIMIT 1`,
    [host.hostName],
  );
  if (!row) return null;
  return {
    host,
    guid: row.process_guid,
    pid: Number(row.process_pid),
    path: row.process_path,
    commandLine: row.process_command_line,
    user: row.process_user,
    integrityLevel: row.process_integrity,
    parent: null,
  };
}

async function isEmpty(services: Services): Promise<boolean> {
  const { db } = services.store;
  const rule = await db.get('SELECT id FROM rules LIMIT 1');
  const event = await db.get('SELECT id FROM events LIMIT 1');
  return !rule && !event;
}

function startLiveFeed(
  services: Services,
  implant: Process,
  logger: Logger,
  intervalMs?: number,
): LiveFeed {
  return createLiveFeed({
    clock: services.clock,
    intervalMs,
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
