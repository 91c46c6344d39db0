import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import { ConfigError } from '../config.js';

/**
 * Makes sure `dir` is a folder the process can write to, creating it and its missing
 * parents; otherwise throws a ConfigError naming `setting`, the folder and why.
 *
 * @remarks
 * Folders are created one at a time from the nearest existing one: Node's recursive mkdir
 * loops forever on a parent that exists but refuses new folders, such as `/proc`.
 */
export function ensureDataFolder(dir: string, setting: string): void {
  const fail = (why: string) =>
    new ConfigError(`${setting}: ${why}; point ${setting} at a folder Telltale can write to`);

  const missing: string[] = [];
  let existing = dir;
  let kind = kindOf(existing);
  while (kind === 'missing' && dirname(existing) !== existing) {
    missing.unshift(existing);
    existing = dirname(existing);
    kind = kindOf(existing);
  }

  if (missing.length === 0) {
    if (kind === 'file') throw fail(`${dir} is a file, not a folder`);
    if (!isWritable(dir)) throw fail(`no permission to write in ${dir}`);
    return;
  }
  const cannotCreate = `cannot create the folder ${dir}`;
  if (kind === 'file') throw fail(`${cannotCreate}: ${existing} is a file, not a folder`);
  if (kind === 'missing') throw fail(`${cannotCreate}: no part of it exists`);
  if (!isWritable(existing)) {
    throw fail(`${cannotCreate}: no permission to create folders in ${existing}`);
  }

  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && kindOf(folder) === 'folder') continue;
      throw fail(`${cannotCreate}: ${whyNot(code, dirname(folder))}`);
    }
  }
}

function kindOf(path: string): 'folder' | 'file' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    // ENOTDIR: a part of the path is a file; the walk up finds which.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

function isWritable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function whyNot(code: string | undefined, parent: string): string {
  switch (code) {
    // The parent exists, yet refuses the new folder: a virtual file system such as /proc.
    case 'ENOENT':
      return `${parent} does not take new folders`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to create folders in ${parent}`;
    case 'EROFS':
      return `${parent} is on a read-only file system`;
    case 'ENOSPC':
      return `no space left on the device of ${parent}`;
    default:
      return `creating a folder in ${parent} failed (${code ?? 'unknown error'})`;
  }
}
