import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { startTestApp, type TestApp } from '../actions/api-client.js';

const from = '2024-09-15T00:00:00.000Z';
const to = '2024-09-16T00:00:00.000Z';
const ruleInput = {
  name: 'Any taskkill',
  query: 'process.name: taskkill.exe',
  trigger: { type: 'SINGLE_MATCH' },
};
const actionInput = {
  name: 'Hook',
  settings: { type: 'WEBHOOK', webhook: { url: 'http://127.0.0.1:39/hook' } },
};

// Every operation that takes an id, with the argument named in its error.
const operations: Array<[name: string, argument: string, kind: string, query: string]> = [
  ['rule', 'id', 'a rule id', 'query ($id: ID!) { rule(id: $id) { id } }'],
  [
    'backtestRule',
    'id',
    'a rule id',
    `query ($id: ID!) { backtestRule(id: $id, from: "${from}", to: "${to}") { alerts { title } } }`,
  ],
  [
    'updateRule',
    'id',
    'a rule id',
    'mutation ($id: ID!, $input: RuleInput!) { updateRule(id: $id, input: $input) { id } }',
  ],
  [
    'setRuleEnabled',
    'id',
    'a rule id',
    'mutation ($id: ID!) { setRuleEnabled(id: $id, enabled: false) { id } }',
  ],
  ['deleteRule', 'id', 'a rule id', 'mutation ($id: ID!) { deleteRule(id: $id) }'],
  ['alert', 'id', 'an alert id', 'query ($id: ID!) { alert(id: $id) { id } }'],
  ['action', 'id', 'an action id', 'query ($id: ID!) { action(id: $id) { id } }'],
  [
    'updateAction',
    'id',
    'an action id',
    'mutation ($id: ID!, $action: ActionInput!) { updateAction(id: $id, input: $action) { id } }',
  ],
  ['deleteAction', 'id', 'an action id', 'mutation ($id: ID!) { deleteAction(id: $id) }'],
  ['testAction', 'id', 'an action id', 'mutation ($id: ID!) { testAction(id: $id) { status } }'],
  ['deliveries', 'alertId', 'an alert id', 'query ($id: ID!) { deliveries(alertId: $id) { id } }'],
  ['event', 'id', 'an event id', 'query ($id: ID!) { event(id: $id) { id } }'],
];

const notIds = ['abc', '0x1', '1e0', ' 1', '01', '0', '-1', '1' + '0'.repeat(23)];

describe('ID arguments', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp('sqlite');
    const rule = await sut.request<{ createRule: { id: string } }>(
      'mutation ($input: RuleInput!) { createRule(input: $input) { id } }',
      { input: ruleInput },
    );
    const action = await sut.request<{ createAction: { id: string } }>(
      'mutation ($input: ActionInput!) { createAction(input: $input) { id } }',
      { input: actionInput },
    );
    expect([rule.data?.createRule.id, action.data?.createAction.id]).toEqual(['1', '1']);
  });

  afterAll(async () => {
    await sut?.destroy();
  });

  describe.each(operations)('%s', (_name, argument, kind, query) => {
    it.each(notIds)(`refuses %j as BAD_USER_INPUT naming ${argument}`, async (id) => {
      const answer = await sut.request(query, { id, input: ruleInput, action: actionInput });

      expect(answer.errors).toEqual([
        expect.objectContaining({
          message:
            `${argument}: must be ${kind}: a whole number from 1 to ` +
            (kind === 'an event id' ? '9007199254740991' : '2147483647'),
          extensions: { code: 'BAD_USER_INPUT', field: argument, value: id },
        }),
      ]);
    });
  });

  it('still reads a well-formed id, and says NOT_FOUND for one that names nothing', async () => {
    const found = await sut.request<{ rule: { id: string } }>('query { rule(id: "1") { id } }');
    const missing = await sut.request('query { rule(id: "2147483647") { id } }');

    expect(found.data).toEqual({ rule: { id: '1' } });
    expect(missing.errors).toEqual([
      expect.objectContaining({
        message: 'rule 2147483647 does not exist',
        extensions: { code: 'NOT_FOUND', kind: 'rule', id: '2147483647' },
      }),
    ]);
  });

  it("refuses an action id of a rule's input naming its place in the list", async () => {
    const answer = await sut.request(
      'mutation ($input: RuleInput!) { createRule(input: $input) { id } }',
      { input: { ...ruleInput, actionIds: ['1', '0x1'] } },
    );

    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: 'actionIds[1]: must be an action id: a whole number from 1 to 2147483647',
        extensions: { code: 'BAD_USER_INPUT', field: 'actionIds[1]', value: '0x1' },
      }),
    ]);
  });

  it('refuses a deliveryUpdated subscription for an alertId that is not one', async () => {
    const client = createClient({
      url: `${sut.app.http.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const results: unknown[] = [];
    try {
      for await (const result of client.iterate({
        query: 'subscription { deliveryUpdated(alertId: "0x1") { id } }',
      })) {
        results.push(result);
      }
    } finally {
      await client.dispose();
    }

    expect(results).toEqual([
      {
        errors: [
          expect.objectContaining({
            message: 'alertId: must be an alert id: a whole number from 1 to 2147483647',
            extensions: { code: 'BAD_USER_INPUT', field: 'alertId', value: '0x1' },
          }),
        ],
      },
    ]);
  });
});
