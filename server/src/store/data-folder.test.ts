import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError } from '../config.js';
import { ensureDataFolder } from './data-folder.js';

const isRoot = process.getuid?.() === 0;

describe(ensureDataFolder.name, () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'telltale-folder-'));
  });

  afterEach(() => {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });

  const failure = (path: string, setting = 'TELLTALE_DATA_DIR') => {
    try {
      ensureDataFolder(path, setting);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    return 'no error';
  };

  it('creates the folder and its missing parents', () => {
    const target = join(dir, 'a', 'b', 'data');

    ensureDataFolder(target, 'TELLTALE_DATA_DIR');

    expect(statSync(target).isDirectory()).toBe(true);
  });

  it('accepts a writable folder that exists', () => {
    ensureDataFolder(dir, 'TELLTALE_DATA_DIR');

    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('refuses a folder under /proc at once, where recursive mkdir loops forever', () => {
    expect(failure('/proc/nope/data')).toBe(
      'TELLTALE_DATA_DIR: cannot create the folder /proc/nope/data: /proc does not take new ' +
        'folders; point TELLTALE_DATA_DIR at a folder Telltale can write to',
    );
  });

  it('names the file that stands where a folder should be', () => {
    writeFileSync(join(dir, 'file'), 'x');

    expect(failure(join(dir, 'file', 'data'), 'DATABASE_URL')).toBe(
      `DATABASE_URL: cannot create the folder ${dir}/file/data: ${dir}/file is a file, not a ` +
        'folder; point DATABASE_URL at a folder Telltale can write to',
    );
    expect(failure(join(dir, 'file'))).toBe(
      `TELLTALE_DATA_DIR: ${dir}/file is a file, not a folder; point TELLTALE_DATA_DIR at a ` +
        'folder Telltale can write to',
    );
  });

  it.skipIf(isRoot)('refuses a folder it may not write in (skipped as root, who may)', () => {
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o500);

    expect(failure(join(dir, 'locked', 'data'))).toBe(
      `TELLTALE_DATA_DIR: cannot create the folder ${dir}/locked/data: no permission to create ` +
        `folders in ${dir}/locked; point TELLTALE_DATA_DIR at a folder Telltale can write to`,
    );
    expect(failure(join(dir, 'locked'))).toBe(
      `TELLTALE_DATA_DIR: no permission to write in ${dir}/locked; point TELLTALE_DATA_DIR at ` +
        'a folder Telltale can write to',
    );
  });
});
