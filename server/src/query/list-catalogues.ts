import type { Dialect } from '../store/db.js';
import {
  createCatalogue,
  type Catalogue,
  type CatalogueField,
  type FieldType,
} from './catalogue.js';

/**
 * Catalogues for the search bars of the rules, actions and Activity (alerts) lists: the
 * same grammar as hunting, over those tables' columns. Use them as
 * `compileSql(parseQuery(search, ruleCatalogue), dialect, { alias: 'r' })`.
 *
 * Predicates read records shaped like Prisma's models (camelCase properties; related rows
 * under `actions`, `deliveries` and `events` as described on each field).
 */

/** A rules row as a predicate reads it; `actions` is needed only by `action.name`. */
export interface RuleSearchRecord {
  id: number;
  name: string;
  description: string;
  query: string;
  enabled: boolean;
  severity: string;
  triggerType: string;
  groupBy: string | null;
  lastTriggeredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  actions?: { action: { name: string } }[];
}

/** An actions row as a predicate reads it. `config` is the JSON text of the table. */
export interface ActionSearchRecord {
  id: number;
  name: string;
  type: string;
  config: string;
  createdAt: Date;
  updatedAt: Date;
}

/** An alerts row as a predicate reads it, with its deliveries and matched events' hosts. */
export interface AlertSearchRecord {
  id: number;
  ruleId: number;
  ruleName: string;
  severity: string;
  triggerType: string;
  groupKey: string | null;
  title: string;
  matchCount: number;
  createdAt: Date;
  deliveries?: { status: string; action: { name: string; type: string } }[];
  events?: { event: { hostname: string } }[];
}

function column<T>(
  name: string,
  type: FieldType,
  columnName: string,
  get: (record: T) => unknown,
  description: string,
  aliases: readonly string[] = [],
): CatalogueField<T> {
  return { name, aliases, type, column: columnName, get, description, collateC: true };
}

/** The rules list: `name: *lsass*`, `state: enabled`, `severity: (HIGH, CRITICAL)`. */
export const ruleCatalogue: Catalogue<RuleSearchRecord> = createCatalogue<RuleSearchRecord>({
  name: 'rule',
  table: 'rules',
  fields: [
    column('name', 'text', 'name', (r) => r.name, 'Rule name'),
    column('description', 'text', 'description', (r) => r.description, 'Description'),
    {
      ...column('state', 'keyword', 'enabled', (r) => r.enabled, 'enabled or disabled'),
      values: [
        { token: 'enabled', stored: true },
        { token: 'disabled', stored: false },
      ],
    },
    column('type', 'keyword', 'trigger_type', (r) => r.triggerType, 'Trigger criterion', [
      'trigger',
      'trigger.type',
    ]),
    column('severity', 'keyword', 'severity', (r) => r.severity, 'Severity'),
    column('query', 'text', 'query', (r) => r.query, 'The rule query, as written'),
    column('groupBy', 'text', 'group_by', (r) => r.groupBy, 'Aggregation field', ['group']),
    column('id', 'number', 'id', (r) => r.id, 'Rule id'),
    column('created', 'datetime', 'created_at', (r) => r.createdAt, 'When it was created', [
      'createdAt',
    ]),
    column('updated', 'datetime', 'updated_at', (r) => r.updatedAt, 'When it last changed', [
      'updatedAt',
    ]),
    column(
      'lastTriggered',
      'datetime',
      'last_triggered_at',
      (r) => r.lastTriggeredAt,
      'When it last triggered',
      ['triggered', 'lastTriggeredAt'],
    ),
    {
      ...column(
        'action.name',
        'text',
        'ac.name',
        (r) => r.actions?.map((link) => link.action.name) ?? [],
        'Name of one of its actions',
        ['action'],
      ),
      source: (outer) => ({
        from: 'rule_actions ra JOIN actions ac ON ac.id = ra.action_id',
        where: `ra.rule_id = ${outer}.id AND ac.deleted_at IS NULL`,
      }),
    },
  ],
  defaultFields: ['name', 'description', 'query'],
});

/** The actions list: `type: slack`, `recipient: *@example.com`. */
export const actionCatalogue: Catalogue<ActionSearchRecord> = createCatalogue<ActionSearchRecord>({
  name: 'action',
  table: 'actions',
  fields: [
    column('name', 'text', 'name', (a) => a.name, 'Action name'),
    column('type', 'keyword', 'type', (a) => a.type, 'email, slack, pagerduty or webhook'),
    {
      ...column(
        'recipient',
        'text',
        'rc.value',
        (a) => recipients(a.config),
        'One of the email recipients (config.recipients)',
        ['recipients', 'to'],
      ),
      source: (outer, dialect) => recipientSource(outer, dialect),
    },
    column('id', 'number', 'id', (a) => a.id, 'Action id'),
    column('created', 'datetime', 'created_at', (a) => a.createdAt, 'When it was created', [
      'createdAt',
    ]),
    column('updated', 'datetime', 'updated_at', (a) => a.updatedAt, 'When it last changed', [
      'updatedAt',
    ]),
  ],
  defaultFields: ['name', 'type'],
});

/** The Activity list of alerts: `rule.name: *lsass*`, `status: FAILED`, `asset.hostname: ws1`. */
export const alertCatalogue: Catalogue<AlertSearchRecord> = createCatalogue<AlertSearchRecord>({
  name: 'alert',
  table: 'alerts',
  fields: [
    column(
      'rule.name',
      'text',
      'rule_name',
      (a) => a.ruleName,
      'The rule, as named when it triggered',
      ['rule'],
    ),
    column('rule.id', 'number', 'rule_id', (a) => a.ruleId, 'The rule id'),
    column('severity', 'keyword', 'severity', (a) => a.severity, 'Severity'),
    column('title', 'text', 'title', (a) => a.title, 'Alert title'),
    column('type', 'keyword', 'trigger_type', (a) => a.triggerType, 'Trigger criterion', [
      'trigger',
    ]),
    column('group', 'text', 'group_key', (a) => a.groupKey, 'Aggregation group value', [
      'groupKey',
    ]),
    column('matches', 'number', 'match_count', (a) => a.matchCount, 'Number of matched events', [
      'matchCount',
    ]),
    column('id', 'number', 'id', (a) => a.id, 'Alert id'),
    column('created', 'datetime', 'created_at', (a) => a.createdAt, 'When the rule triggered', [
      'createdAt',
      'time',
    ]),
    {
      ...column(
        'status',
        'keyword',
        'dl.status',
        (a) => a.deliveries?.map((delivery) => delivery.status) ?? [],
        'Status of one of its deliveries: PENDING, SUCCESS or FAILED',
        ['delivery.status'],
      ),
      source: (outer) => ({ from: 'deliveries dl', where: `dl.alert_id = ${outer}.id` }),
    },
    {
      ...column(
        'action.name',
        'text',
        'ac.name',
        (a) => a.deliveries?.map((delivery) => delivery.action.name) ?? [],
        'Name of an action that delivered it',
        ['action'],
      ),
      source: deliveredActions,
    },
    {
      ...column(
        'action.type',
        'keyword',
        'ac.type',
        (a) => a.deliveries?.map((delivery) => delivery.action.type) ?? [],
        'Type of an action that delivered it',
      ),
      source: deliveredActions,
    },
    {
      ...column(
        'asset.hostname',
        'text',
        'ev.hostname',
        (a) => a.events?.map((link) => link.event.hostname) ?? [],
        'Host of one of its matched events',
        ['host.hostname', 'hostname'],
      ),
      source: (outer) => ({
        from: 'alert_events ae JOIN events ev ON ev.id = ae.event_id',
        where: `ae.alert_id = ${outer}.id`,
      }),
    },
  ],
  defaultFields: ['rule.name', 'title'],
});

/** The catalogues by the name the API uses. */
export const listCatalogues = {
  rules: ruleCatalogue,
  actions: actionCatalogue,
  alerts: alertCatalogue,
} as const;

function deliveredActions(outer: string) {
  return {
    from: 'deliveries dl JOIN actions ac ON ac.id = dl.action_id',
    where: `dl.alert_id = ${outer}.id`,
  };
}

// `config.recipients` as rows of one column `value`, on each dialect; not an array: none.
function recipientSource(outer: string, dialect: Dialect) {
  const config = `${outer}.config`;
  if (dialect === 'sqlite') {
    return {
      from: `json_each(CASE WHEN json_valid(${config}) AND json_type(${config}, '$.recipients') = 'array' THEN json_extract(${config}, '$.recipients') ELSE '[]' END) rc`,
      where: "rc.type = 'text'",
    };
  }
  return {
    from: `jsonb_array_elements(CASE WHEN jsonb_typeof(${config}::jsonb -> 'recipients') = 'array' THEN ${config}::jsonb -> 'recipients' ELSE '[]'::jsonb END) rc0, LATERAL (SELECT rc0 #>> '{}' AS value) rc`,
    where: "jsonb_typeof(rc0) = 'string'",
  };
}

function recipients(config: string): string[] {
  try {
    const value = (JSON.parse(config) as { recipients?: unknown }).recipients;
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
