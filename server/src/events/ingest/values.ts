/**
 * Small conversions shared by the format readers: every one returns null for a value that
 * is absent, empty, or a Windows "-" placeholder.
 */

/** A trimmed string, or null for absent, empty and "-" values. */
export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = withoutNul(value).trim();
  return trimmed === '' || trimmed === '-' ? null : trimmed;
}

/** A string kept exactly as sent (command lines keep their spacing), or null. */
export function verbatim(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === '-' ? null : withoutNul(value);
}

/**
 * A whole number from a number or a decimal string ("4692"); Windows hex strings ("0x1948")
 * are read too. Returns undefined for a value that is present but not a whole number, so a
 * caller can tell "absent" (null) from "wrong".
 */
export function integer(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  const raw = text(value);
  if (raw === null) return null;
  if (/^-?\d+$/.test(raw)) {
    const parsed = Number(raw);
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  if (/^0x[0-9a-f]+$/i.test(raw)) return Number.parseInt(raw.slice(2), 16);
  return undefined;
}

/** A GUID in lower case without braces, however it was spelled; null when absent. */
export function guid(value: unknown): string | null {
  const raw = text(value);
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
export function sysmonHashes(value: unknown): { md5: string | null; sha256: string | null } {
  const hashes = { md5: null as string | null, sha256: null as string | null };
  const raw = text(value);
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

// PostgreSQL text cannot hold U+0000; both stores drop it so they hold the same values.
function withoutNul(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}
