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
/** The shortest key accepted, from TELLTALE_SECRET_KEY or a key file. */
export const minSecretKeyLength = 32;
const prefix = 'enc:v1:';
const ivBytes = 12;
const tagBytes = 16;

/**
 * Where the key comes from: a configured key (TELLTALE_SECRET_KEY), a key file that is made
 * when the first secret is sealed (a SQLite store's own), or none.
 */
export type SecretKeySource = { key: string } | { file: string } | null;

/**
 * A box that encrypts with AES-256-GCM under the key of `source` (its SHA-256 is the
 * cipher key), or one that stores values as they are when there is no source.
 */
export function createSecretBox(source: SecretKeySource): SecretBox {
  let cipherKey: Buffer | null = null;
  const keyOf = (create: boolean): Buffer => {
    if (cipherKey) return cipherKey;
    const key = source && 'key' in source ? source.key : readKeyFile(source!.file, create);
    cipherKey = createHash('sha256').update(key, 'utf8').digest();
    return cipherKey;
  };
  const otherKey =
    source && 'file' in source
      ? `action secrets were encrypted with another key than the one in ${source.file}: ` +
        'put back the key file from a backup of this folder, or set TELLTALE_SECRET_KEY to ' +
        'the key they were stored with'
      : 'action secrets were encrypted with another key: set TELLTALE_SECRET_KEY to the key ' +
        'they were stored with';

  return {
    encrypts: source !== null,
    seal(value) {
      if (!source) return value;
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', keyOf(true), iv);
      const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return prefix + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
    },
    open(stored) {
      if (!stored.startsWith(prefix)) return stored;
      if (!source) {
        throw new SecretsLockedError(
          'action secrets are encrypted: set TELLTALE_SECRET_KEY to the key they were stored with',
        );
      }
      const bytes = Buffer.from(stored.slice(prefix.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', keyOf(false), bytes.subarray(0, ivBytes));
      decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
      try {
        return Buffer.concat([
          decipher.update(bytes.subarray(ivBytes + tagBytes)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretsLockedError(otherKey);
      }
    },
  };
}

/** The key file of a SQLite store kept in `folder`. */
export function sqliteKeySource(folder: string): SecretKeySource {
  return { file: join(folder, secretKeyFile) };
}

/**
 * Reads the key in `path`; with `create`, makes the file (readable by its owner only) when
 * it does not exist. A missing file when secrets must be opened, or one without a usable
 * key, is a SecretsLockedError that says what to do.
 */
function readKeyFile(path: string, create: boolean): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && create) return createKeyFile(path);
    if (code === 'ENOENT') {
      throw new SecretsLockedError(
        `action secrets are encrypted, but their key file ${path} is missing: put it back ` +
          'from a backup of this folder, or set TELLTALE_SECRET_KEY to the key it held',
      );
    }
    throw new SecretsLockedError(`cannot read the key file ${path}: ${code ?? String(error)}`);
  }
  const key = text.trim();
  if (key.length < minSecretKeyLength) {
    throw new SecretsLockedError(
      `the key file ${path} holds no usable key (at least ${minSecretKeyLength} characters): ` +
        'put back the file from a backup of this folder, or remove it if no action was saved yet',
    );
  }
  return key;
}

function createKeyFile(path: string): string {
  const key = randomBytes(32).toString('hex');
  try {
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path, false);
    throw error;
  }
}
