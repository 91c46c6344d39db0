import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { createSecretBox, SecretsLockedError, sqliteSecretKey } from './secret-box.js';

const key = 'a-key-of-at-least-thirty-two-characters';
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
    const sealed = createSecretBox(`${key}-old`).seal(secrets);

    expect(() => createSecretBox(key).open(sealed)).toThrow(
      'action secrets were encrypted with another key: set TELLTALE_SECRET_KEY to the key ' +
        'they were stored with',
    );
  });
});

describe(sqliteSecretKey.name, () => {
  const dirs: string[] = [];

  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('makes a key file readable by its owner only, and reads it back after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'telltale-key-'));
    dirs.push(dir);

    const made = sqliteSecretKey(dir);
    const again = sqliteSecretKey(dir);

    expect(made).toMatch(/^[0-9a-f]{64}$/);
    expect(again).toBe(made);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe(`${made}\n`);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });
});
