import type { Clock } from '../clock.js';
import type { StoredEvent } from '../events/event.js';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { Topic } from '../pubsub/topics.js';
import { TriggerType } from '../rules/rule.js';
import { Mutex } from '../store/mutex.js';
import type { Db } from '../store/db.js';
import type { CompiledRule, LateMatch } from './alert-draft.js';
import { compileRule } from './compile-rule.js';
import { closeWindowsByClock, evaluateStep, type StepResult } from './evaluate.js';
import {
  CheckpointMovedError,
  readActiveRules,
  readCheckpoint,
  readRulesSignature,
  readEventsForEvaluation,
  readRuleStates,
  writeStep,
  type Checkpoint,
  type StoredAlert,
} from './evaluator.repository.js';
import type { Leadership } from './leader.js';
import type { RuleState } from './rule-state.js';

export interface EvaluatorRunnerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Alerts are published here; with `subscribe`, EventsIngested from any replica wakes it. */
  pubsub: Pick<PubSub, 'publish'> & Partial<Pick<PubSub, 'subscribe'>>;
  leadership: Leadership;
  /** Config.allowedLatenessMs. */
  allowedLatenessMs: number;
  /** Events read per step. @default 5000 */
  batchSize?: number;
  /** How often an idle evaluator looks for events nobody woke it for. @default 1000 */
  idlePollMs?: number;
  /** How often a replica that does not lead tries to. @default 2000 */
  leaderRetryMs?: number;
}

/** Called after a step commits with the alerts it stored, in id order. */
export type AlertsCommittedListener = (alerts: readonly StoredAlert[]) => void;

/** What one call of `runOnce` did. */
export type StepOutcome = 'evaluated' | 'closed-by-clock' | 'idle' | 'not-leader';

const errorBackoffMs = 1000;

/**
 * The background evaluator: reads new events in sequence order, evaluates every enabled
 * rule on them, and commits the alerts with the rule states and the checkpoint in one
 * transaction; then publishes each alert and calls the listeners (the dispatcher).
 */
export class EvaluatorRunner {
  readonly #deps: EvaluatorRunnerDeps;
  readonly #batchSize: number;
  readonly #listeners = new Set<AlertsCommittedListener>();
  readonly #steps = new Mutex();

  #checkpoint: Checkpoint | null = null;
  #signature: string | null = null;
  #rules: CompiledRule[] = [];
  #compiled = new Map<number, CompiledRule>();
  /** Every property the active rules read. */
  #reads: ReadonlySet<keyof StoredEvent> = new Set();
  #states: Map<number, RuleState> | null = null;
  /** Rules whose stored state has been read into `#states` (or found absent). */
  #statesRead = new Set<number>();

  #running: Promise<void> | null = null;
  #ingested: AsyncIterator<unknown> | null = null;
  #stopping = false;
  #woken = false;
  #wakeUp: (() => void) | null = null;

  constructor(deps: EvaluatorRunnerDeps) {
    this.#deps = deps;
    this.#batchSize = deps.batchSize ?? 5000;
  }

  /** Registers a listener for committed alerts; returns a function that removes it. */
  onAlertsCommitted(listener: AlertsCommittedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts the background loop. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
    const { pubsub } = this.#deps;
    if (pubsub.subscribe) {
      this.#ingested = pubsub.subscribe(Topic.EventsIngested)[Symbol.asyncIterator]();
      void this.#followIngest(this.#ingested);
    }
  }

  /** Stops the loop after the step in progress and gives up leadership. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#ingested?.return?.();
    this.#ingested = null;
    this.wake();
    await this.#running;
    this.#running = null;
    await this.#deps.leadership.release();
  }

  /** New events were committed: evaluate them now rather than at the next poll. */
  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  /** Runs one step: evaluate the next batch, or when there is none, close windows by clock. */
  runOnce(): Promise<StepOutcome> {
    return this.#steps.run(async () => {
      if (!(await this.#deps.leadership.acquire())) {
        this.#forget();
        return 'not-leader';
      }
      try {
        if (await this.#evaluateNext()) return 'evaluated';
        return (await this.#closeByClock()) ? 'closed-by-clock' : 'idle';
      } catch (error) {
        this.#forget();
        // Another process committed: let the lock decide again who leads.
        if (error instanceof CheckpointMovedError) await this.#deps.leadership.release();
        throw error;
      }
    });
  }

  /** Runs steps until every committed event has been evaluated. */
  async drain(): Promise<void> {
    for (;;) {
      const outcome = await this.runOnce();
      if (outcome === 'not-leader') throw new Error('this process does not run the evaluator');
      if (outcome === 'idle') return;
    }
  }

  // Events stored by another replica reach this one as EventsIngested.
  async #followIngest(ingested: AsyncIterator<unknown>): Promise<void> {
    try {
      while (!(await ingested.next()).done) this.wake();
    } catch (error) {
      this.#deps.logger.warn('stopped following ingest; new events are polled', { error });
    }
  }

  async #loop(): Promise<void> {
    const { logger, idlePollMs = 1000, leaderRetryMs = 2000 } = this.#deps;
    while (!this.#stopping) {
      try {
        const outcome = await this.runOnce();
        if (outcome === 'not-leader') await this.#sleep(leaderRetryMs);
        else if (outcome === 'idle') await this.#sleep(idlePollMs);
      } catch (error) {
        if (error instanceof CheckpointMovedError) {
          logger.warn('another evaluator committed first; reloading', { error });
        } else {
          logger.error('evaluation step failed; retrying', { error });
        }
        await this.#sleep(errorBackoffMs);
      }
    }
  }

  async #evaluateNext(): Promise<boolean> {
    const { db, clock } = this.#deps;
    const checkpoint = (this.#checkpoint ??= await readCheckpoint(db));
    // The rules are checked again after the events are read, so a rule created meanwhile
    // is not skipped; when it reads more of an event, the events are read again.
    await this.#loadRules();
    let reads = this.#reads;
    let events = await readEventsForEvaluation(db, checkpoint.eventId, this.#batchSize, reads);
    let rules = await this.#loadRules();
    while (!isSubset(this.#reads, reads)) {
      reads = this.#reads;
      events = await readEventsForEvaluation(db, checkpoint.eventId, this.#batchSize, reads);
      rules = await this.#loadRules();
    }
    if (events.length === 0) return false;

    const states = await this.#loadStates(rules);
    const result = evaluateStep(rules, states, events, this.#options());
    await this.#commit(checkpoint, events[events.length - 1]!.id, result, states, clock.now());
    return true;
  }

  async #closeByClock(): Promise<boolean> {
    const rules = this.#rules.filter(
      (rule) => rule.logic.trigger.type === TriggerType.SCHEDULED_MATCH,
    );
    if (rules.length === 0) return false;

    const checkpoint = (this.#checkpoint ??= await readCheckpoint(this.#deps.db));
    const states = await this.#loadStates(this.#rules);
    const now = this.#deps.clock.now();
    const result = closeWindowsByClock(rules, states, now, this.#options());
    if (result.alerts.length === 0) return false;

    await this.#commit(checkpoint, checkpoint.eventId, result, states, now);
    return true;
  }

  async #commit(
    checkpoint: Checkpoint,
    eventId: number,
    result: StepResult,
    states: Map<number, RuleState>,
    now: number,
  ): Promise<void> {
    const changed = new Map([...result.changed].map((id) => [id, states.get(id)!]));
    const stored = await this.#deps.db.transaction((tx) =>
      writeStep(tx, { from: checkpoint, eventId, alerts: result.alerts, states: changed, now }),
    );
    this.#checkpoint = { eventId, commits: checkpoint.commits + 1 };

    this.#reportLate(result.late);
    this.#announce(stored);
  }

  #announce(stored: readonly StoredAlert[]): void {
    if (stored.length === 0) return;
    const { pubsub, logger } = this.#deps;
    for (const { id } of stored) pubsub.publish(Topic.AlertTriggered, { alertId: id });
    for (const listener of this.#listeners) {
      try {
        listener(stored);
      } catch (error) {
        logger.error('an alerts listener failed', { error });
      }
    }
  }

  #reportLate(late: readonly LateMatch[]): void {
    for (const { time, ...match } of late) {
      this.#deps.logger.warnOnce(
        `late:${match.ruleId}:${match.reason}`,
        "a late match joined no window; it is counted in the rule's lateEvents",
        {
          ...match,
          eventTime: new Date(time).toISOString(),
          allowedLatenessMs: this.#deps.allowedLatenessMs,
        },
      );
    }
  }

  async #loadRules(): Promise<CompiledRule[]> {
    const { db, logger } = this.#deps;
    const signature = await readRulesSignature(db);
    if (signature === this.#signature) return this.#rules;

    const compiled = new Map<number, CompiledRule>();
    for (const record of await readActiveRules(db)) {
      const cached = this.#compiled.get(record.id);
      if (cached && cached.version === record.version) {
        compiled.set(record.id, cached);
        continue;
      }
      try {
        compiled.set(record.id, compileRule(record));
      } catch (error) {
        logger.warnOnce(
          `compile:${record.id}:${record.version}`,
          'a rule does not compile; it is skipped',
          {
            ruleId: record.id,
            error,
          },
        );
      }
    }

    this.#compiled = compiled;
    this.#rules = [...compiled.values()];
    this.#reads = new Set(this.#rules.flatMap((rule) => [...rule.reads]));
    this.#signature = signature;
    return this.#rules;
  }

  async #loadStates(rules: readonly CompiledRule[]): Promise<Map<number, RuleState>> {
    const states = (this.#states ??= new Map());
    const missing = rules
      .filter((rule) => rule.logic.trigger.type !== TriggerType.SINGLE_MATCH)
      .map((rule) => rule.id)
      .filter((id) => !this.#statesRead.has(id));
    if (missing.length > 0) {
      for (const [id, state] of await readRuleStates(this.#deps.db, missing)) states.set(id, state);
      for (const id of missing) this.#statesRead.add(id);
    }
    return states;
  }

  #options() {
    return { latenessMs: this.#deps.allowedLatenessMs };
  }

  // After a failed step, nothing in memory is trusted: the store is read again.
  #forget(): void {
    this.#checkpoint = null;
    this.#states = null;
    this.#statesRead = new Set();
    this.#signature = null;
  }

  async #sleep(ms: number): Promise<void> {
    if (this.#woken || this.#stopping) {
      this.#woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wakeUp = null;
    this.#woken = false;
  }
}

function isSubset<T>(subset: ReadonlySet<T>, set: ReadonlySet<T>): boolean {
  for (const item of subset) if (!set.has(item)) return false;
  return true;
}
