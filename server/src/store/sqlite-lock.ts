import Database from 'better-sqlite3';
import { dirname } from 'node:path';

import { TelltaleError } from '../errors.js';
import { ensureDataFolder } from './data-folder.js';

/** Another server already runs on this SQLite store. */
export class StoreInUseError extends TelltaleError {
  override name = 'StoreInUseError';

  constructor(path: string) {
    super(
      `another Telltale server is using ${path}: stop it, or give this one its own ` +
        'TELLTALE_DATA_DIR (telltale import may run beside a server; a second server may not)',
      'STORE_IN_USE',
      { path },
    );
  }
}

export interface StoreLock {
  release(): void;
}

/**
 * Claims the SQLite store at `path` for this server process, so that a second server on the
 * same file refuses to start instead of running a second evaluator. `setting` names where
 * the path came from, for the error when its folder cannot be created.
 *
 * @remarks
 * The claim is an exclusive SQLite lock on a file beside the store, held for the life of
 * the process: the operating system drops it when the process dies, however it dies.
 */
export function lockSqliteStore(path: string, setting = 'the SQLite path'): StoreLock {
  if (path === ':memory:') return { release: () => {} };
  ensureDataFolder(dirname(path), setting);

  const lock = new Database(`${path}.server-lock`, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new StoreInUseError(path);
    throw error;
  }

  return {
    release: () => {
      if (!lock.open) return;
      lock.exec('ROLLBACK');
      lock.close();
    },
  };
}
