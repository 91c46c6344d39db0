import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { TelltaleError } from '../errors.js';

/** Seals values before they are stored and opens them after they are read. */
export interface SecretBox {
  /** Whether sealed values are encrypted; false when no key is configured. */
  readonly encrypts: boolean;
  seal(value: string): string;
  /** Opens a sealed value; a value stored before encryption was set up comes back as is. */
  open(stored: string): string;
}

/** A stored value that no configured key opens. */
export class SecretsLockedError extends TelltaleError {
  override name = 'SecretsLockedError';

  constructor(message: string) {
    super(message, 'SECRETS_LOCKED');
  }
}

export const secretKeyFile = 'secret.key';
const prefix = 'enc:v1:';
const ivBytes = 12;
const tagBytes = 16;

/**
 * A box that encrypts with AES-256-GCM under `key` (any string of 32 or more characters:
 * its SHA-256 is the key), or one that stores values as they are when `key` is null.
 */
export function createSecretBox(key: string | null): SecretBox {
  const secret = key === null ? null : createHash('sha256').update(key, 'utf8').digest();

  return {
    encrypts: secret !== null,
    seal(value) {
      if (!secret) return value;
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return prefix + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
    },
    open(stored) {
      if (!stored.startsWith(prefix)) return stored;
      if (!secret) {
        throw new SecretsLockedError(
          'action secrets are encrypted: set TELLTALE_SECRET_KEY to the key they were stored with',
        );
      }
      const bytes = Buffer.from(stored.slice(prefix.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', secret, bytes.subarray(0, ivBytes));
      decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
      try {
        return Buffer.concat([
          decipher.update(bytes.subarray(ivBytes + tagBytes)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretsLockedError(
          'action secrets were encrypted with another key: set TELLTALE_SECRET_KEY to the ' +
            'key they were stored with',
        );
      }
    },
  };
}

/**
 * The key of a SQLite store kept in `folder`: read from its key file, or made and written
 * there (readable by the owner only) on first use.
 */
export function sqliteSecretKey(folder: string): string {
  const path = join(folder, secretKeyFile);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('hex');
  try {
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return readFileSync(path, 'utf8').trim();
    }
    throw error;
  }
}
