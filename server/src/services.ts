import { ActionRepository } from './actions/action.repository.js';
import { ActionService } from './actions/action.service.js';
import { DeliveryRepository } from './actions/delivery.repository.js';
import { DeliveryService } from './actions/delivery.service.js';
import { Dispatcher } from './actions/dispatcher.js';
import { AlertService } from './alerts/alert.service.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { EvaluatorRunner } from './evaluator/evaluator.runner.js';
import { createLeadership } from './evaluator/leader.js';
import { EventService } from './events/event.service.js';
import { IngestService } from './events/ingest/ingest.service.js';
import { EventSearchService } from './events/search/search.service.js';
import type { Logger } from './logger.js';
import type { PubSub } from './pubsub/pubsub.js';
import { BacktestService } from './rules/backtest.service.js';
import { RuleService } from './rules/rule.service.js';
import type { Store } from './store/store.js';
import { UserService } from './users/user.service.js';

/** The server's services, built once at start and handed to resolvers and routes. */
export interface Services {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  pubsub: PubSub;
  users: UserService;
  rules: RuleService;
  backtest: BacktestService;
  alerts: AlertService;
  eventSearch: EventSearchService;
  events: EventService;
  /** Stores incoming events; its `onCommitted` hook wakes the evaluator (app.ts). */
  ingest: IngestService;
  /** The background evaluator; app.ts starts and stops it. */
  evaluator: EvaluatorRunner;
  actions: ActionService;
  deliveries: DeliveryService;
  /** Sends the deliveries the evaluator queues; app.ts starts and stops it. */
  dispatcher: Dispatcher;
}

export interface ServiceDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  pubsub: PubSub;
}

/** Wires the services together. Nothing starts running here; see app.ts. */
export function createServices(deps: ServiceDeps): Services {
  const { store, config, clock, logger, pubsub } = deps;
  const evaluatorLogger = logger.child('evaluator');
  const rules = new RuleService({ prisma: store.prisma, db: store.db, clock });
  return {
    ...deps,
    users: new UserService(store.prisma),
    rules,
    backtest: new BacktestService({
      db: store.db,
      prisma: store.prisma,
      secrets: store.secrets,
      rules,
      allowedLatenessMs: config.allowedLatenessMs,
    }),
    alerts: new AlertService(store.db),
    eventSearch: new EventSearchService(store.db),
    events: new EventService(store.db),
    ingest: new IngestService({ db: store.db, clock, logger: logger.child('ingest'), pubsub }),
    evaluator: new EvaluatorRunner({
      db: store.db,
      clock,
      logger: evaluatorLogger,
      pubsub,
      leadership: createLeadership(config.store, evaluatorLogger),
      allowedLatenessMs: config.allowedLatenessMs,
    }),
    actions: new ActionService({
      repository: new ActionRepository(store.prisma, store.db, store.secrets),
      dialect: store.db.dialect,
      clock,
      sendTimeoutMs: config.delivery.timeoutMs,
    }),
    deliveries: new DeliveryService(new DeliveryRepository(store.prisma)),
    dispatcher: new Dispatcher(
      { db: store.db, secrets: store.secrets, clock, logger: logger.child('dispatcher'), pubsub },
      { ...config.delivery, linkBaseUrl: config.publicUrl },
    ),
  };
}
