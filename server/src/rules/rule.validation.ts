import { TelltaleError, ValidationError } from '../errors.js';
import { parseId } from '../graphql/id.js';
import { parseQuery, QueryError } from '../query/index.js';
import { parseGroup, type GroupInput } from './group.js';
import { resolveTimeZone } from './schedule/time-zone.js';
import { severities, type RuleLogic, type Severity } from './rule.js';
import { parseTrigger, type TriggerInput } from './trigger.js';

export const maxNameLength = 200;
export const maxDescriptionLength = 5000;
export const maxQueryLength = 10_000;

/** A rule as an API client sends it (createRule, updateRule, backtestDraft). */
export interface RuleInputValue {
  name: string;
  description?: string | null;
  query: string;
  enabled?: boolean | null;
  severity?: string | null;
  trigger: TriggerInput;
  aggregate?: boolean | null;
  group?: GroupInput | null;
  timeZone?: string | null;
  actionIds?: readonly string[] | null;
}

/** A validated rule input with its defaults filled in. */
export interface ValidRuleInput extends RuleLogic {
  name: string;
  description: string;
  enabled: boolean;
  severity: Severity;
  actionIds: number[];
}

/**
 * Checks every setting of a rule and fills in the defaults.
 *
 * @throws ValidationError naming the field; a query error keeps its code QUERY_INVALID and
 * its position, with `field: 'query'`.
 */
export function validateRuleInput(input: RuleInputValue): ValidRuleInput {
  const name = input.name.trim();
  if (name === '') throw new ValidationError('name', 'give the rule a name');
  if (name.length > maxNameLength) {
    throw new ValidationError('name', `must be at most ${maxNameLength} characters`);
  }

  const description = (input.description ?? '').trim();
  if (description.length > maxDescriptionLength) {
    throw new ValidationError('description', `must be at most ${maxDescriptionLength} characters`);
  }

  const query = checkQuery(input.query);
  const severity = (input.severity ?? 'MEDIUM') as Severity;
  if (!severities.includes(severity)) {
    throw new ValidationError('severity', `must be one of ${severities.join(', ')}`);
  }

  const timeZone = resolveTimeZone((input.timeZone ?? 'UTC').trim());
  if (timeZone === null) {
    throw new ValidationError('timeZone', 'must be an IANA time zone such as Europe/Berlin');
  }

  const aggregate = input.aggregate ?? false;
  return {
    name,
    description,
    query,
    enabled: input.enabled ?? true,
    severity,
    trigger: parseTrigger(input.trigger, timeZone),
    aggregate,
    group: parseGroup(aggregate, input.group),
    timeZone,
    actionIds: checkActionIds(input.actionIds ?? []),
  };
}

function checkQuery(text: string): string {
  const query = text.trim();
  if (query === '') {
    throw new ValidationError('query', 'give a query; a rule on every event is not allowed');
  }
  if (query.length > maxQueryLength) {
    throw new ValidationError('query', `must be at most ${maxQueryLength} characters`);
  }
  try {
    // The text as written, so positions point into what the user typed.
    parseQuery(text);
  } catch (error) {
    if (error instanceof QueryError) {
      throw new TelltaleError(`query: ${error.message}`, error.code, {
        ...error.details,
        field: 'query',
      });
    }
    throw error;
  }
  return query;
}

function checkActionIds(ids: readonly string[]): number[] {
  return [...new Set(ids.map((id, index) => parseId('action', id, `actionIds[${index}]`)))];
}
