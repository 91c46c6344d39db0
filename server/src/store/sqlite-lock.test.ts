import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { lockSqliteStore, StoreInUseError } from './sqlite-lock.js';

describe(lockSqliteStore.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-lock-'));
  const path = join(dir, 'telltale.db');

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second claim in another process while the first holds it', async () => {
    const sut = lockSqliteStore(path);

    const second = await claimInChild(path);
    sut.release();
    const third = await claimInChild(path);

    expect(second).toBe('STORE_IN_USE');
    expect(third).toBe('claimed');
  });

  it('names the store and what to do in its message', () => {
    expect(new StoreInUseError('/data/telltale.db').message).toBe(
      'another Telltale server is using /data/telltale.db: stop it, or give this one its own ' +
        'TELLTALE_DATA_DIR (telltale import may run beside a server; a second server may not)',
    );
  });
});

// A claim from another process, as a second server would make it.
function claimInChild(path: string): Promise<string> {
  const module = new URL('./sqlite-lock.ts', import.meta.url).href;
  const script = `
    const { lockSqliteStore } = await import(${JSON.stringify(module)});
    try {
      lockSqliteStore(${JSON.stringify(path)});
      process.stdout.write('claimed');
    } catch (error) {
      process.stdout.write(error.code ?? String(error));
    }`;
  const args = ['--import', '@swc-node/register/esm-register', '--input-type=module', '-e', script];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: process.cwd() });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(out));
  });
}
