import type { NormalizedEvent } from '../event.js';
import { isNativeRecord, readNativeRecord } from './native.js';
import { isWindowsRecord, readWindowsRecord } from './sysmon.js';

/**
 * What became of one input record:
 * - `event`: normalised and ready to store;
 * - `skipped`: a known kind the product deliberately does not store (Security events,
 *   Sysmon image loads, ...);
 * - `rejected`: input that is broken (not JSON, no time, a field of the wrong kind).
 */
export type RecordOutcome =
  | { kind: 'event'; event: NormalizedEvent }
  | { kind: 'skipped'; reason: string }
  | { kind: 'rejected'; reason: string };

/** Reads one NDJSON line (without its newline) into an outcome. */
export function readLine(line: string): RecordOutcome {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return {
      kind: 'rejected',
      reason: isJsonFragment(line) ? multiLineJsonReason : 'not valid JSON',
    };
  }
  if (Array.isArray(value)) return { kind: 'rejected', reason: jsonArrayReason };
  return readRecord(value, line);
}

const multiLineJsonReason =
  'not valid JSON: a piece of multi-line JSON; send one event object per line (NDJSON)';
const jsonArrayReason = 'a JSON array: send one event object per line (NDJSON), not an array';

// The lines of pretty-printed JSON or of an array written an element a line: a lone
// bracket, a `"key": value` member, an opening `[`, or a trailing comma.
function isJsonFragment(line: string): boolean {
  const text = line.trim();
  return /^[[\]{}],?$/.test(text) || /^"[^"]*"\s*:/.test(text) || /^\[|,$/.test(text);
}

/**
 * Recognises the format of one parsed record and normalises it. `raw` is the record as it
 * arrived; it is stored with the event.
 */
export function readRecord(value: unknown, raw: string): RecordOutcome {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'rejected', reason: 'not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  if (nestsDeeperThan(record, maxDepth)) {
    return { kind: 'rejected', reason: `nested deeper than ${maxDepth} levels` };
  }
  if (isWindowsRecord(record)) return readWindowsRecord(record, raw);
  if (isNativeRecord(record)) return readNativeRecord(record, raw);
  return {
    kind: 'rejected',
    reason:
      'not a recognised event: expected a Windows event log record (EventID and Channel) or a native event (type and dateTime)',
  };
}

// Real records nest a few levels; thousands would overflow the stack of whatever later
// serialises the raw record (the API, the dashboard).
const maxDepth = 32;

function nestsDeeperThan(value: object, limit: number): boolean {
  const pending: [object, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [container, depth] = next;
    for (const child of Object.values(container)) {
      if (typeof child !== 'object' || child === null) continue;
      if (depth === limit) return true;
      pending.push([child as object, depth + 1]);
    }
  }
  return false;
}
