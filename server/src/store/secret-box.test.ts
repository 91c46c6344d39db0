import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createSecretBox, SecretsLockedError, sqliteKeySource } from './secret-box.js';

const key = { key: 'a-key-of-at-least-thirty-two-characters' };
const secrets = '{"url":"https://hooks.example.test/services/T000/B000/XXXX"}';

describe(createSecretBox.name, () => {
  it('stores sealed values encrypted and opens them again', () => {
    const sut = createSecretBox(key);

    const sealed = sut.seal(secrets);

    expect(sealed.startsWith('enc:v1:')).toBe(true);
    expect(sealed).not.toContain('hooks.example.test');
    expect(sut.seal(secrets)).not.toBe(sealed);
    expect(sut.open(sealed)).toBe(secrets);
    expect(sut.encrypts).toBe(true);
  });

  it('opens a value stored before encryption as it is', () => {
    expect(createSecretBox(key).open(secrets)).toBe(secrets);
  });

  it('keeps values as they are without a key, and cannot open sealed ones', () => {
    const sut = createSecretBox(null);

    expect(sut.seal(secrets)).toBe(secrets);
    expect(sut.encrypts).toBe(false);
    expect(() => sut.open(createSecretBox(key).seal(secrets))).toThrow(
      new SecretsLockedError(
        'action secrets are encrypted: set TELLTALE_SECRET_KEY to the key they were stored with',
      ),
    );
  });

  it('refuses a value sealed with another key', () => {
    const sealed = createSecretBox({ key: `${key.key}-old` }).seal(secrets);

    expect(() => createSecretBox(key).open(sealed)).toThrow(
      'action secrets were encrypted with another key: set TELLTALE_SECRET_KEY to the key ' +
        'they were stored with',
    );
  });
});

describe(sqliteKeySource.name, () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'telltale-key-'));
    file = join(dir, 'secret.key');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a key file readable by its owner only when the first secret is sealed', () => {
    const sut = createSecretBox(sqliteKeySource(dir));
    const before = existsSync(file);

    const sealed = sut.seal(secrets);
    const made = readFileSync(file, 'utf8');

    expect(before).toBe(false);
    expect(made).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(createSecretBox(sqliteKeySource(dir)).open(sealed)).toBe(secrets);
    expect(createSecretBox({ key: made.trim() }).open(sealed)).toBe(secrets);
  });

  it('does not make a new key file to open secrets whose file is gone', () => {
    const sealed = createSecretBox(sqliteKeySource(dir)).seal(secrets);
    rmSync(file);

    expect(() => createSecretBox(sqliteKeySource(dir)).open(sealed)).toThrow(
      `action secrets are encrypted, but their key file ${file} is missing: put it back from ` +
        'a backup of this folder, or set TELLTALE_SECRET_KEY to the key it held',
    );
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a key file without a usable key, and names the file for another key', () => {
    const sealed = createSecretBox(sqliteKeySource(dir)).seal(secrets);
    const held = readFileSync(file, 'utf8');
    writeFileSync(file, 'short\n');
    const short = catchError(() => createSecretBox(sqliteKeySource(dir)).seal(secrets));
    writeFileSync(
      file,
      held.replace(/^./, (first) => (first === 'a' ? 'b' : 'a')),
    );

    expect(short?.message).toBe(
      `the key file ${file} holds no usable key (at least 32 characters): put back the file ` +
        'from a backup of this folder, or remove it if no action was saved yet',
    );
    expect(() => createSecretBox(sqliteKeySource(dir)).open(sealed)).toThrow(
      `action secrets were encrypted with another key than the one in ${file}: put back the ` +
        'key file from a backup of this folder, or set TELLTALE_SECRET_KEY to the key they ' +
        'were stored with',
    );
  });
});

function catchError(work: () => unknown): Error | null {
  try {
    work();
    return null;
  } catch (error) {
    return error as Error;
  }
}
