import type { Clock } from '../clock.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { actionCatalogue, compileSql, parseQuery } from '../query/index.js';
import type { Dialect } from '../store/db.js';
import type { UserRecord } from '../users/user.service.js';
import type { ActionRecord, ActionRepository } from './action.repository.js';
import { validateSettings, type ActionSettingsInput } from './action.settings.js';
import { sendMessage, type SendOutcome, type SendRequest } from './channels/channel.js';
import { DeliveryStatus } from './delivery.policy.js';
import { renderTestMessage } from './messages/test-message.js';

const maxNameLength = 200;

/** An action as the API creates or replaces it. */
export interface ActionChange {
  name: string;
  settings: ActionSettingsInput;
}

/** What a test message ended in. */
export interface ActionTestOutcome {
  status: DeliveryStatus.SUCCESS | DeliveryStatus.FAILED;
  error: string | null;
}

export interface ActionServiceDeps {
  repository: ActionRepository;
  dialect: Dialect;
  clock: Clock;
  /** How long a test message may take. */
  sendTimeoutMs: number;
  send?: (request: SendRequest) => Promise<SendOutcome>;
}

/** Actions: create, change, delete (softly), search and test. */
export class ActionService {
  readonly #deps: ActionServiceDeps;
  readonly #send: (request: SendRequest) => Promise<SendOutcome>;

  constructor(deps: ActionServiceDeps) {
    this.#deps = deps;
    this.#send = deps.send ?? sendMessage;
  }

  /** Actions not deleted, by name; `search` is a query over the actions catalogue. */
  list(search?: string | null): Promise<ActionRecord[]> {
    const text = search?.trim();
    const filter = text
      ? compileSql(parseQuery(text, actionCatalogue), this.#deps.dialect, { alias: 'a' })
      : null;
    return this.#deps.repository.list(filter);
  }

  /**
   * Checks that the key opens the stored secrets (SecretsLockedError when not), then
   * encrypts those stored before encryption was set up; returns how many.
   */
  async sealStoredSecrets(): Promise<number> {
    await this.#deps.repository.checkSecretKey();
    return this.#deps.repository.sealStoredSecrets();
  }

  /** One action, deleted ones included; NotFoundError when it never existed. */
  async get(id: number): Promise<ActionRecord> {
    const action = await this.#deps.repository.find(id);
    if (!action) throw new NotFoundError('action', id);
    return action;
  }

  async create(change: ActionChange, user: UserRecord): Promise<ActionRecord> {
    const name = checkName(change.name);
    const settings = validateSettings(change.settings);
    return this.#deps.repository.create(name, settings, user, this.#now());
  }

  /** Replaces an action's name and settings; secrets left out keep their stored values. */
  async update(id: number, change: ActionChange, user: UserRecord): Promise<ActionRecord> {
    const current = await this.#active(id);
    const name = checkName(change.name);
    const settings = validateSettings(change.settings, current.settings);
    return this.#deps.repository.update(id, name, settings, user, this.#now());
  }

  /** Deletes an action: rules stop using it, its deliveries keep their history. */
  async delete(id: number, user: UserRecord): Promise<void> {
    const deleted = await this.#deps.repository.softDelete(id, user, this.#now());
    if (!deleted) throw new NotFoundError('action', id);
  }

  /** Sends a test message through the action now, once, and reports what happened. */
  async test(id: number): Promise<ActionTestOutcome> {
    const action = await this.#active(id);
    const { message, idempotencyKey } = renderTestMessage(
      action.settings.type,
      action,
      this.#deps.clock.now(),
    );

    const outcome = await this.#send({
      settings: action.settings,
      message,
      idempotencyKey,
      timeoutMs: this.#deps.sendTimeoutMs,
    });
    if (outcome.ok) return { status: DeliveryStatus.SUCCESS, error: null };
    return { status: DeliveryStatus.FAILED, error: outcome.reason };
  }

  async #active(id: number): Promise<ActionRecord> {
    const action = await this.get(id);
    if (action.deletedAt) throw new NotFoundError('action', id);
    return action;
  }

  #now(): Date {
    return new Date(this.#deps.clock.now());
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationError('name', 'required');
  if (trimmed.length > maxNameLength) {
    throw new ValidationError('name', `must be at most ${maxNameLength} characters`);
  }
  return trimmed;
}
