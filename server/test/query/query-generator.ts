import type { StoredEvent } from '../../src/events/event.js';
import { eventCatalogue, type FieldDef } from '../../src/query/fields.js';
import { ipKey } from '../../src/query/ip.js';
import { createRandom } from '../../src/random.js';

/**
 * Random queries over the fields of the event catalogue and the values the given events
 * hold: every form of the language (lists, ranges, comparisons, wildcards, exact match,
 * CIDR blocks, bare values, NOT/AND/OR, implied AND, parentheses), with values changed in
 * case, cut into patterns, or made up.
 */
export function createQueryGenerator(events: readonly StoredEvent[], seed: number) {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  const fields = eventCatalogue.fields as readonly FieldDef[];
  const pools = new Map<FieldDef, unknown[]>();
  for (const field of fields) {
    const values = new Set<unknown>();
    for (const event of events) {
      const value = event[field.property];
      if (value !== null && value !== undefined) values.add(value);
    }
    pools.set(field, [...values]);
  }
  const textValues = fields
    .filter((field) => field.type === 'text')
    .flatMap((field) => pools.get(field) as string[]);
  const times = events.map((event) => event.time);
  const minTime = Math.min(...times);
  const maxTime = Math.max(...times);

  const mutateCase = (text: string) =>
    [...text]
      .map((char) => (chance(0.3) ? (chance(0.5) ? char.toUpperCase() : char.toLowerCase()) : char))
      .join('');

  const plainOk = (text: string) =>
    text.length > 0 &&
    !/[\s()"`]/.test(text) &&
    !/^(and|or|not)$/i.test(text) &&
    !/^[[(<>]/.test(text);
  const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const value = (text: string) => (plainOk(text) && chance(0.7) ? text : quoted(text));
  const exact = (text: string) => `\`${text.replace(/`/g, '``')}\``;

  function pattern(text: string): string {
    if (text.length === 0) return '*';
    const start = int(0, text.length - 1);
    const end = int(start + 1, text.length);
    const piece = text.slice(start, end);
    switch (int(0, 4)) {
      case 0:
        return `${text.slice(0, end)}*`;
      case 1:
        return `*${text.slice(start)}`;
      case 2:
        return `*${piece}*`;
      case 3:
        return [...text].map((char) => (chance(0.2) ? '?' : char)).join('');
      default:
        return `${text.slice(0, start)}*${text.slice(end)}`;
    }
  }

  function textTerm(pool: string[]): string {
    const sample = pool.length && chance(0.9) ? pick(pool) : pick(['zzz-none', 'a_b', '50%', '']);
    switch (int(0, 5)) {
      case 0:
        return exact(chance(0.7) ? sample : mutateCase(sample));
      case 1:
        return value(pattern(mutateCase(sample)));
      case 2:
        return '*';
      case 3:
        return `(${[sample, ...(pool.length ? [pick(pool), pick(pool)] : [])].map((v) => value(mutateCase(v))).join(', ')})`;
      default:
        return value(mutateCase(sample));
    }
  }

  function numberTerm(pool: number[]): string {
    const sample = pool.length && chance(0.85) ? pick(pool) : int(-5, 70000);
    const other = pool.length ? pick(pool) : int(0, 70000);
    const [lo, hi] = sample <= other ? [sample, other] : [other, sample];
    switch (int(0, 5)) {
      case 0:
        return `${pick(['>', '>=', '<', '<='])} ${sample}`;
      case 1:
        return `${pick(['[', '('])}${lo}..${hi}${pick([']', ')'])}`;
      case 2:
        return `(${sample}, ${other}, ${int(0, 9)})`;
      case 3:
        return chance(0.5) ? '*' : `"${sample}"`;
      default:
        return String(sample);
    }
  }

  function timeText(ms: number): string {
    const iso = new Date(ms).toISOString();
    switch (int(0, 4)) {
      case 0:
        return iso.slice(0, 10);
      case 1: {
        const offset = int(-12, 14);
        const local = new Date(ms + offset * 3_600_000).toISOString().slice(0, 23);
        const sign = offset < 0 ? '-' : '+';
        const hours = String(Math.abs(offset)).padStart(2, '0');
        return `${local}${sign}${hours}${chance(0.5) ? ':' : ''}00`;
      }
      case 2:
        return iso.slice(0, 19) + 'Z';
      default:
        return iso;
    }
  }

  function timeTerm(): string {
    const a = minTime + Math.floor(random() * (maxTime - minTime + 1));
    const b = chance(0.5) ? a + int(0, 3_600_000) : a + int(0, 40 * 86_400_000);
    switch (int(0, 3)) {
      case 0:
        return `${pick(['>', '>=', '<', '<='])} "${timeText(a)}"`;
      case 1: {
        const from = timeText(a);
        const to = timeText(b);
        // A day written after a time of that same day still ends the range after it starts.
        return `${pick(['[', '('])}"${from}".."${to}"${pick([']', ')'])}`;
      }
      case 2:
        return timeText(a);
      default:
        return `"${timeText(pick(times))}"`;
    }
  }

  function ipTerm(pool: string[]): string {
    const sample = pool.length ? pick(pool) : '10.0.0.1';
    const address = ipKey(sample) === null ? '127.0.0.1' : sample;
    const v4 = !address.includes(':');
    switch (int(0, 5)) {
      case 0:
        return v4 ? `::ffff:${address}` : address.toUpperCase();
      case 1:
        return `${address}/${v4 ? int(0, 32) : int(0, 128)}`;
      case 2:
        return value(pattern(sample));
      case 3:
        return exact(sample);
      case 4:
        return chance(0.5) ? '*' : `(${address}, 10.0.0.0/8)`;
      default: {
        const other = pick(pool.filter((item) => ipKey(item) !== null).concat(address));
        const [lo, hi] = [ipKey(address)!, ipKey(other)!] as const;
        return lo <= hi ? `[${address}..${other}]` : `(${other}..${address}]`;
      }
    }
  }

  function guidTerm(pool: string[]): string {
    const sample = pool.length ? pick(pool) : '00000000-0000-0000-0000-000000000000';
    switch (int(0, 3)) {
      case 0:
        return `{${sample.toUpperCase()}}`;
      case 1:
        return `${sample.slice(0, int(1, 12))}*`;
      case 2:
        return '*';
      default:
        return sample;
    }
  }

  function closedTerm(field: FieldDef): string {
    const tokens = field.values!.map((entry) => entry.token);
    const token = pick(tokens);
    switch (int(0, 3)) {
      case 0:
        return `${token.slice(0, int(1, token.length))}*`.toLowerCase();
      case 1:
        return `(${token}, ${pick(tokens).toLowerCase()})`;
      case 2:
        return exact(token);
      default:
        return mutateCase(token);
    }
  }

  function term(): string {
    if (chance(0.06)) {
      const sample = textValues.length ? pick(textValues) : 'x';
      const start = int(0, Math.max(0, sample.length - 1));
      return quoted(mutateCase(sample.slice(start, start + int(1, 8))));
    }

    const field = pick(fields);
    const name = chance(0.2) && field.aliases.length ? pick(field.aliases) : field.name;
    const pool = pools.get(field)!;
    let spec: string;
    if (field.values) spec = closedTerm(field);
    else if (field.type === 'number') spec = numberTerm(pool as number[]);
    else if (field.type === 'datetime') spec = timeTerm();
    else if (field.type === 'ip') spec = ipTerm(pool as string[]);
    else if (field.type === 'guid') spec = guidTerm(pool as string[]);
    else spec = textTerm(pool as string[]);

    const compare = /^[<>]/.test(spec);
    if (compare && chance(0.5)) return `${name} ${spec}`;
    return `${name}:${chance(0.8) ? ' ' : ''}${spec}`;
  }

  function expression(depth: number): string {
    if (depth === 0 || chance(0.35)) return chance(0.15) ? `${keyword('not')} ${term()}` : term();
    const count = int(2, 3);
    const op = pick(['and', 'or', 'and', '']);
    const parts = Array.from({ length: count }, () => expression(depth - 1));
    const joined = parts.join(op ? ` ${keyword(op)} ` : ' ');
    if (chance(0.2)) return `${keyword('not')} (${joined})`;
    return chance(0.5) ? `(${joined})` : joined;
  }

  function keyword(word: string): string {
    return pick([word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1)]);
  }

  return { next: () => expression(int(0, 3)) };
}
