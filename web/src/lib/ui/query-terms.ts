/**
 * Search tokens in the product's query grammar (`field: value` terms joined by AND).
 * Pure string functions: facets add terms, chips remove them, the query bar completes
 * field names.
 */

/** One top-level term of a query and where it sits. */
export interface QueryTerm {
  text: string;
  start: number;
  end: number;
}

/** What the query bar offers at the cursor: names to put between `from` and `to`. */
export interface Completion {
  from: number;
  to: number;
  prefix: string;
  options: string[];
}

const bareValue = /^[\w.\-@/\\]+$/;
const operators = new Set(['and', 'or', 'not']);

/**
 * Writes a value so the query matches exactly that value: bare when safe, `exact` when it
 * holds wildcard characters, "quoted" otherwise. A quote inside is written twice.
 */
export function quoteValue(value: string): string {
  if (bareValue.test(value) && !operators.has(value.toLowerCase())) return value;
  if (/[*?]/.test(value)) return `\`${value.replaceAll('`', '``')}\``;
  return `"${value.replaceAll('"', '""')}"`;
}

/** A `field: value` term. */
export function formatTerm(field: string, value: string): string {
  return `${field}: ${quoteValue(value)}`;
}

/**
 * Splits a query into its top-level AND terms, or returns null when it is not a plain
 * conjunction (a top-level OR), where removing one term would change its meaning.
 */
export function splitTerms(query: string): QueryTerm[] | null {
  const terms: QueryTerm[] = [];
  let start = 0;
  let depth = 0;
  let quote: string | null = null;

  for (let index = 0; index < query.length; index += 1) {
    const char = query[index]!;
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === '`') quote = char;
    else if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && /\s/.test(char)) {
      const word = /^\s+(and|or)\s+/i.exec(query.slice(index));
      if (!word) continue;
      if (word[1]!.toLowerCase() === 'or') return null;
      pushTerm(terms, query, start, index);
      start = index + word[0].length;
      index = start - 1;
    }
  }
  pushTerm(terms, query, start, query.length);
  return terms;
}

/** Adds `field: value` to a query with AND; a term already present is not repeated. */
export function addTerm(query: string, field: string, value: string): string {
  const term = formatTerm(field, value);
  const trimmed = query.trim();
  if (!trimmed) return term;

  const terms = splitTerms(trimmed);
  if (terms === null) return `(${trimmed}) and ${term}`;
  if (terms.some((existing) => existing.text === term)) return trimmed;
  return `${trimmed} and ${term}`;
}

/** Removes the top-level term at `index`; a query that is not a conjunction is unchanged. */
export function removeTerm(query: string, index: number): string {
  const terms = splitTerms(query.trim());
  if (terms === null) return query;
  return terms
    .filter((_, position) => position !== index)
    .map((term) => term.text)
    .join(' and ');
}

/**
 * The field names to offer at `cursor`: when the cursor ends a word that stands where a
 * field name goes (not a value, not inside quotes), the names starting with that word.
 */
export function completionAt(
  query: string,
  cursor: number,
  names: readonly string[],
  limit = 12,
): Completion | null {
  const before = query.slice(0, cursor);
  if (isInsideQuotes(before)) return null;

  const word = /[\w.@]*$/.exec(before)![0];
  const from = cursor - word.length;
  const rest = /^[\w.@]*/.exec(query.slice(cursor))![0];
  const to = cursor + rest.length;
  if (!isFieldPosition(before.slice(0, from))) return null;
  if (operators.has(word.toLowerCase()) && rest === '') return null;

  const prefix = word.toLowerCase();
  const options = names.filter(
    (name) => name.toLowerCase().startsWith(prefix) && name.toLowerCase() !== prefix,
  );
  if (options.length === 0) return null;
  return { from, to, prefix: word, options: options.slice(0, limit) };
}

/**
 * The field name Enter or Tab puts in: the option moved to with the arrow keys (`active`),
 * else the first one once a prefix is typed. Null when the analyst has typed no prefix and
 * moved to none, so Enter runs the search as typed (an empty box clears the search).
 */
export function chosenCompletion(completion: Completion, active: number | null): string | null {
  if (active !== null) return completion.options[active] ?? null;
  return completion.prefix === '' ? null : (completion.options[0] ?? null);
}

/** Puts a completed field name into the query and returns the query and the new cursor. */
export function applyCompletion(
  query: string,
  completion: Completion,
  name: string,
): { query: string; cursor: number } {
  const after = query.slice(completion.to);
  const separator = after.trimStart().startsWith(':') ? '' : ': ';
  const inserted = `${name}${separator}`;
  return {
    query: `${query.slice(0, completion.from)}${inserted}${after}`,
    cursor: completion.from + inserted.length,
  };
}

function pushTerm(terms: QueryTerm[], query: string, start: number, end: number) {
  const text = query.slice(start, end);
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (trimmed)
    terms.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
}

function isInsideQuotes(text: string): boolean {
  let quote: string | null = null;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === '`') quote = char;
  }
  return quote !== null;
}

// A field name starts the query, follows an opening parenthesis, or follows AND/OR/NOT.
function isFieldPosition(before: string): boolean {
  const trimmed = before.trimEnd();
  if (trimmed === '' || trimmed.endsWith('(')) return true;
  if (trimmed.length === before.length) return false;
  const last = /(\S+)$/.exec(trimmed)![1]!.toLowerCase();
  return operators.has(last);
}
