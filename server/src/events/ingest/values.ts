/**
 * Conversions shared by the format readers. Each returns null for a value that is absent,
 * empty, or a Windows "-" placeholder, and throws a {@link FieldProblem} naming the field
 * for a value of the wrong kind.
 */

/** The largest process id kept: the stores hold pids as 32-bit signed integers. */
export const maxPid = 2_147_483_647;

/** A rejected field: its path in the record and what is wrong with it. */
export class FieldProblem extends Error {
  constructor(path: string, problem: string) {
    super(`${path} ${problem}`);
  }
}

/** A trimmed string, or null for absent, empty and "-" values. */
export function text(value: unknown, path: string): string | null {
  const raw = stringAt(value, path);
  if (raw === null) return null;
  const trimmed = raw.trim();
  return trimmed === '' || trimmed === '-' ? null : trimmed;
}

/** A string kept exactly as sent (command lines keep their spacing), or null. */
export function verbatim(value: unknown, path: string): string | null {
  const raw = stringAt(value, path);
  if (raw === null) return null;
  const trimmed = raw.trim();
  return trimmed === '' || trimmed === '-' ? null : raw;
}

/** A plain object, or null when absent. */
export function objectAt(value: unknown, path: string): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  const object = objectOf(value);
  if (!object) throw new FieldProblem(path, `must be an object; got ${kindOf(value)}`);
  return object;
}

/** A process id: a whole number from 0 to {@link maxPid}, or null when absent. */
export function pid(value: unknown, path: string): number | null {
  return wholeAt(value, path, maxPid, `must be a whole number from 0 to ${maxPid}`);
}

/** A port: a whole number from 0 to 65535, or null when absent. */
export function port(value: unknown, path: string): number | null {
  return wholeAt(value, path, 65535, 'must be a port from 0 to 65535');
}

/**
 * A whole number from a number or a decimal string ("4692"); Windows hex strings ("0x1948")
 * are read too. Returns undefined for a value that is present but not a whole number, so a
 * caller can tell "absent" (null) from "wrong".
 */
export function integer(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const raw = value.trim();
  if (raw === '' || raw === '-') return null;
  const parsed = /^-?\d+$/.test(raw)
    ? Number(raw)
    : /^0x[0-9a-f]+$/i.test(raw)
      ? Number.parseInt(raw.slice(2), 16)
      : NaN;
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

/** A GUID in lower case without braces, however it was spelled; null when absent. */
export function guid(value: unknown, path: string): string | null {
  const raw = text(value, path);
  if (raw === null) return null;
  return raw.replace(/^\{/, '').replace(/\}$/, '').toLowerCase();
}

/** The last segment of a Windows or POSIX path: `C:\Windows\cmd.exe` -> `cmd.exe`. */
export function baseName(path: string | null): string | null {
  if (path === null) return null;
  const name = path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
  return name === '' ? null : name;
}

/** MD5 and SHA-256 from a Sysmon `Hashes` value (`SHA1=..,MD5=..,SHA256=..`), lower case. */
export function sysmonHashes(raw: string | null): { md5: string | null; sha256: string | null } {
  const hashes = { md5: null as string | null, sha256: null as string | null };
  if (raw === null) return hashes;
  for (const pair of raw.split(',')) {
    const [name, hash] = pair.split('=');
    const algorithm = name?.trim().toUpperCase();
    if (!hash) continue;
    if (algorithm === 'MD5') hashes.md5 = hash.trim().toLowerCase();
    if (algorithm === 'SHA256') hashes.sha256 = hash.trim().toLowerCase();
  }
  return hashes;
}

/** A plain object, or null for anything else. */
export function objectOf(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** How a value of the wrong kind is named in a reason: scalars as sent, others by kind. */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return describeSent(value);
}

/** A scalar as it was sent; JSON would write Infinity (from `1e400`) as null. */
export function describeSent(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

// PostgreSQL text cannot hold U+0000. Both stores keep U+FFFD in its place, so a name with
// a NUL in it never reads as (or matches) the name without it.
function stringAt(value: unknown, path: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string')
    throw new FieldProblem(path, `must be a string; got ${kindOf(value)}`);
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\ufffd') : value;
}

function wholeAt(value: unknown, path: string, max: number, rule: string): number | null {
  const parsed = integer(value);
  if (parsed === undefined || (parsed !== null && (parsed < 0 || parsed > max))) {
    throw new FieldProblem(path, `${rule}; got ${kindOf(value)}`);
  }
  return parsed;
}
