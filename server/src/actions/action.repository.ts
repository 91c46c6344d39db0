import type { Db } from '../store/db.js';
import type { SecretBox } from '../store/secret-box.js';
import type { Prisma } from '../store/store.js';
import type { SqlFilter } from '../query/index.js';
import type { UserRecord } from '../users/user.service.js';
import { loadSettings, storeSettings } from './action.secrets.js';
import type { ActionSettings } from './action.settings.js';

/** A stored action with its settings (secrets included) and who made it. */
export interface ActionRecord {
  id: number;
  name: string;
  settings: ActionSettings;
  ruleIds: number[];
  createdAt: Date;
  createdBy: UserRecord;
  updatedAt: Date;
  updatedBy: UserRecord;
  deletedAt: Date | null;
}

const include = {
  createdBy: { select: { id: true, name: true } },
  updatedBy: { select: { id: true, name: true } },
  rules: { select: { ruleId: true }, orderBy: { ruleId: 'asc' } },
} as const;

type ActionRow = Awaited<ReturnType<typeof findRow>>;

/** Actions in the store: Prisma Client for CRUD, plain SQL for the list search. */
export class ActionRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  /** Actions not deleted, by name, those matching `filter` (on the `a` alias) only. */
  async list(filter: SqlFilter | null): Promise<ActionRecord[]> {
    let ids: number[] | undefined;
    if (filter) {
      const rows = await this.db.all<{ id: unknown }>(
        `SELECT a.id FROM actions a WHERE a.deleted_at IS NULL AND ${filter.sql}`,
        filter.params,
      );
      ids = rows.map((row) => Number(row.id));
    }
    const rows = await this.prisma.action.findMany({
      where: { deletedAt: null, ...(ids ? { id: { in: ids } } : {}) },
      include,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
    return rows.map((row) => this.#toRecord(row));
  }

  /** One action, deleted ones included (deliveries still name them). */
  async find(id: number): Promise<ActionRecord | null> {
    const row = await findRow(this.prisma, id);
    return row ? this.#toRecord(row) : null;
  }

  async create(name: string, settings: ActionSettings, user: UserRecord, now: Date) {
    const row = await this.prisma.action.create({
      data: {
        name,
        type: settings.type,
        ...this.#sealed(settings),
        createdAt: now,
        createdById: user.id,
        updatedAt: now,
        updatedById: user.id,
      },
      include,
    });
    return this.#toRecord(row);
  }

  async update(id: number, name: string, settings: ActionSettings, user: UserRecord, now: Date) {
    const row = await this.prisma.action.update({
      where: { id },
      data: {
        name,
        type: settings.type,
        ...this.#sealed(settings),
        updatedAt: now,
        updatedById: user.id,
      },
      include,
    });
    return this.#toRecord(row);
  }

  /**
   * Marks the action deleted and unlinks it from its rules, in one transaction. Its
   * deliveries stay. Returns false when it did not exist or was already deleted.
   */
  async softDelete(id: number, user: UserRecord, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run(
        `UPDATE actions SET deleted_at = ?, updated_at = ?, updated_by_id = ?
        WHERE id = ? AND deleted_at IS NULL`,
        [now, now, user.id, id],
      );
      if (changed === 0) return false;
      await tx.run('DELETE FROM rule_actions WHERE action_id = ?', [id]);
      return true;
    });
  }

  /**
   * Encrypts the secrets of actions stored before encryption was set up; returns how many.
   * Nothing to do when the store keeps secrets unencrypted.
   */
  async sealStoredSecrets(): Promise<number> {
    if (!this.secrets.encrypts) return 0;
    const rows = await this.db.all<{ id: unknown; secrets: string }>(
      "SELECT id, secrets FROM actions WHERE secrets NOT LIKE 'enc:%'",
    );
    for (const row of rows) {
      await this.db.run('UPDATE actions SET secrets = ? WHERE id = ? AND secrets = ?', [
        this.secrets.seal(row.secrets),
        Number(row.id),
        row.secrets,
      ]);
    }
    return rows.length;
  }

  /** Opens one encrypted secret, so a wrong or missing key is found at start, not at a send. */
  async checkSecretKey(): Promise<void> {
    const row = await this.db.get<{ secrets: string }>(
      "SELECT secrets FROM actions WHERE secrets LIKE 'enc:%' LIMIT 1",
    );
    if (row) this.secrets.open(row.secrets);
  }

  #sealed(settings: ActionSettings) {
    const { config, secrets } = storeSettings(settings);
    return { config, secrets: this.secrets.seal(secrets) };
  }

  #toRecord(row: NonNullable<ActionRow>): ActionRecord {
    return {
      id: row.id,
      name: row.name,
      settings: loadSettings(row.type, row.config, this.secrets.open(row.secrets)),
      ruleIds: row.rules.map((link) => link.ruleId),
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
      deletedAt: row.deletedAt,
    };
  }
}

function findRow(prisma: Prisma, id: number) {
  return prisma.action.findUnique({ where: { id }, include });
}
