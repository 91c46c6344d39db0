/**
 * Strings the way both stores compare them: ASCII letters fold to lower case and nothing
 * else does (SQLite's `lower()` and PostgreSQL's `lower()` under collation "C"); `*`
 * matches any run of characters and `?` exactly one character (a code point).
 */

const upperAscii = /[A-Z]/;
const nonAscii = /[\u0080-\uffff]/;
const upperRuns = /[A-Z]+/g;
const star = 42;
const question = 63;

/** `text` with A-Z folded to a-z and every other character kept. */
export function foldAscii(text: string): string {
  if (!upperAscii.test(text)) return text;
  if (!nonAscii.test(text)) return text.toLowerCase();
  return text.replace(upperRuns, (run) => run.toLowerCase());
}

/** Whether `value` holds a wildcard (`*` or `?`). */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** Whether `value` is one or more `*` only: a pattern that matches any value. */
export function isStarsOnly(value: string): boolean {
  return value.length > 0 && /^\*+$/.test(value);
}

/** The pattern as an SQL LIKE pattern with `\` as the escape character. */
export function toLikePattern(pattern: string): string {
  let out = '';
  for (const char of pattern) {
    if (char === '*') out += '%';
    else if (char === '?') out += '_';
    else if (char === '%' || char === '_' || char === '\\') out += `\\${char}`;
    else out += char;
  }
  return out;
}

/** The characters before the first wildcard. */
export function literalPrefix(pattern: string): string {
  const end = pattern.search(/[*?]/);
  return end === -1 ? pattern : pattern.slice(0, end);
}

/** Whether `value`, folded, equals `folded`, without building the folded string. */
export function equalsFolded(value: string, folded: string): boolean {
  const length = folded.length;
  if (value.length !== length) return false;
  return sameFolded(value, 0, folded, length);
}

/** Whether `value`, folded, starts with `folded`. */
export function startsWithFolded(value: string, folded: string): boolean {
  return value.length >= folded.length && sameFolded(value, 0, folded, folded.length);
}

/** Whether `value`, folded, ends with `folded`. */
export function endsWithFolded(value: string, folded: string): boolean {
  const offset = value.length - folded.length;
  return offset >= 0 && sameFolded(value, offset, folded, folded.length);
}

/**
 * Whether the whole of `text` matches `pattern` (both already folded), where `*` is any
 * run of characters and `?` one code point. Linear in practice, O(n * m) at worst.
 */
export function matchesPattern(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starAt = -1;
  let resumeAt = 0;

  while (t < text.length) {
    if (p < pattern.length) {
      const code = pattern.charCodeAt(p);
      if (code === star) {
        starAt = p++;
        resumeAt = t;
        continue;
      }
      if (code === question) {
        t += width(text, t);
        p++;
        continue;
      }
      if (code === text.charCodeAt(t)) {
        t++;
        p++;
        continue;
      }
    }
    if (starAt === -1) return false;
    // Let the last `*` take one more character and retry from there.
    p = starAt + 1;
    resumeAt += width(text, resumeAt);
    t = resumeAt;
  }

  while (p < pattern.length && pattern.charCodeAt(p) === star) p++;
  return p === pattern.length;
}

function sameFolded(value: string, offset: number, folded: string, length: number): boolean {
  for (let i = 0; i < length; i++) {
    let code = value.charCodeAt(offset + i);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== folded.charCodeAt(i)) return false;
  }
  return true;
}

// A surrogate pair is one character to both stores (UTF-8 code points).
function width(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}
