import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { dialects } from '../harness/stores.js';
import { startTestApp, type TestApp } from './api-client.js';
import { closedPort, startHttpReceiver, type HttpReceiver } from './http-receiver.js';
import { insertEvents, insertPendingAlert, insertRule } from './outbox-factory.js';
import { storedEvent } from './message-factory.js';

const actionFields = `
  id name type
  settings {
    type
    email { host port secure user hasPassword from to }
    slack { url }
    pagerDuty { url routingKey severities { severity pagerDutySeverity } }
    webhook { url headers { name value secret } }
  }
  ruleIds createdAt createdBy { id name } updatedAt updatedBy { id name } deletedAt
  deliveryCounts { pending success failed }
`;

const createAction = `mutation ($input: ActionInput!) { createAction(input: $input) { ${actionFields} } }`;
const updateAction = `mutation ($id: ID!, $input: ActionInput!) {
  updateAction(id: $id, input: $input) { ${actionFields} }
}`;
const testAction = 'mutation ($id: ID!) { testAction(id: $id) { status error } }';

const routingKey = 'PDKEYabcdefghijklmnopqrstuvw1234';
const smtpPassword = 'smtp-password-hunter2';
const bearer = 'Bearer tokenSECRETvalue42';

interface ActionResult {
  id: string;
  name: string;
  settings: Record<string, unknown>;
  createdBy: { id: string; name: string };
  updatedBy: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  ruleIds: string[];
  deliveryCounts: { pending: number; success: number; failed: number };
}

describe.each(dialects)('actions API on %s', (dialect) => {
  let sut: TestApp;
  let hook: HttpReceiver;
  let slackUrl: string;
  let webhookUrl: string;

  const inputs = () => ({
    email: {
      name: 'Ops e-mail',
      settings: {
        type: 'EMAIL',
        email: {
          host: 'smtp.example.test',
          port: 587,
          user: 'mailer',
          password: smtpPassword,
          from: 'telltale@example.test',
          to: ['soc@ops.example.test'],
        },
      },
    },
    slack: { name: 'Team Slack', settings: { type: 'SLACK', slack: { url: slackUrl } } },
    pagerDuty: {
      name: 'PagerDuty on-call',
      settings: {
        type: 'PAGERDUTY',
        pagerDuty: {
          url: `${hook.url}/v2/enqueue`,
          routingKey,
          severities: [{ severity: 'HIGH', pagerDutySeverity: 'CRITICAL' }],
        },
      },
    },
    webhook: {
      name: 'SOAR webhook',
      settings: {
        type: 'WEBHOOK',
        webhook: {
          url: webhookUrl,
          headers: [
            { name: 'X-Team', value: 'blue' },
            { name: 'Authorization', value: bearer, secret: true },
          ],
        },
      },
    },
  });

  const create = async (input: object): Promise<ActionResult> => {
    const answer = await sut.request<{ createAction: ActionResult }>(createAction, { input });
    expect(answer.errors).toBeUndefined();
    return answer.data!.createAction;
  };

  beforeEach(async () => {
    hook = await startHttpReceiver([{ status: 202 }]);
    slackUrl = `${hook.url}/services/T0SECRET/B0SECRET/slacktoken1234567890`;
    webhookUrl = `${hook.url}/in/webhooksecretpath987654`;
    sut = await startTestApp(dialect, {
      TELLTALE_PUBLIC_URL: 'https://telltale.example.test',
      TELLTALE_DELIVERY_ATTEMPTS: '1',
    });
  });

  afterEach(async () => {
    await sut.destroy();
    await hook.close();
  });

  it('creates an action of each type and shows its secrets masked', async () => {
    const host = new URL(hook.url).host;

    const created = [];
    for (const input of Object.values(inputs())) created.push(await create(input));

    expect(created.map((action) => action.settings)).toEqual([
      {
        type: 'EMAIL',
        email: {
          host: 'smtp.example.test',
          port: 587,
          secure: false,
          user: 'mailer',
          hasPassword: true,
          from: 'telltale@example.test',
          to: ['soc@ops.example.test'],
        },
        slack: null,
        pagerDuty: null,
        webhook: null,
      },
      {
        type: 'SLACK',
        email: null,
        slack: { url: `http://${host}/****7890` },
        pagerDuty: null,
        webhook: null,
      },
      {
        type: 'PAGERDUTY',
        email: null,
        slack: null,
        pagerDuty: {
          url: `${hook.url}/v2/enqueue`,
          routingKey: '****1234',
          severities: [
            { severity: 'CRITICAL', pagerDutySeverity: 'CRITICAL' },
            { severity: 'HIGH', pagerDutySeverity: 'CRITICAL' },
            { severity: 'MEDIUM', pagerDutySeverity: 'WARNING' },
            { severity: 'LOW', pagerDutySeverity: 'INFO' },
            { severity: 'INFO', pagerDutySeverity: 'INFO' },
          ],
        },
        webhook: null,
      },
      {
        type: 'WEBHOOK',
        email: null,
        slack: null,
        pagerDuty: null,
        webhook: {
          url: `http://${host}/****7654`,
          headers: [
            { name: 'X-Team', value: 'blue', secret: false },
            { name: 'Authorization', value: '****ue42', secret: true },
          ],
        },
      },
    ]);
    expect(created[0]).toMatchObject({
      name: 'Ops e-mail',
      createdBy: { name: 'local-admin' },
      updatedBy: { name: 'local-admin' },
      deletedAt: null,
      ruleIds: [],
      deliveryCounts: { pending: 0, success: 0, failed: 0 },
    });
  });

  it.each([
    [
      { name: 'x', settings: { type: 'WEBHOOK', webhook: { url: 'ftp://a.test/x' } } },
      'webhook.url: must be an http:// or https:// URL',
      'webhook.url',
    ],
    [
      { name: ' ', settings: { type: 'SLACK', slack: { url: 'https://a.test/x' } } },
      'name: required',
      'name',
    ],
    [
      { name: 'x', settings: { type: 'PAGERDUTY', pagerDuty: { routingKey: 'abc' } } },
      'pagerDuty.routingKey: must be 32 letters and digits (the integration key)',
      'pagerDuty.routingKey',
    ],
    [
      {
        name: 'x',
        settings: {
          type: 'EMAIL',
          email: { host: 'mail', port: 25, from: 'a@b.test', to: ['a@b.test', 'nobody'] },
        },
      },
      'email.to[1]: must be an e-mail address like soc@example.com; got "nobody"',
      'email.to[1]',
    ],
  ])('rejects invalid input naming the field (%#)', async (input, message, field) => {
    const answer = await sut.request(createAction, { input });

    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({ message, extensions: { code: 'BAD_USER_INPUT', field } }),
    ]);
  });

  it('keeps the stored secrets an update leaves out', async () => {
    const created = await create(inputs().webhook);

    const updated = await sut.request<{ updateAction: ActionResult }>(updateAction, {
      id: created.id,
      input: {
        name: 'SOAR webhook (blue team)',
        settings: {
          type: 'WEBHOOK',
          webhook: { headers: [{ name: 'Authorization', secret: true }] },
        },
      },
    });
    const tested = await sut.request(testAction, { id: created.id });

    expect(updated.data!.updateAction).toMatchObject({
      name: 'SOAR webhook (blue team)',
      settings: {
        webhook: {
          url: `http://${new URL(hook.url).host}/****7654`,
          headers: [{ name: 'Authorization', value: '****ue42', secret: true }],
        },
      },
    });
    expect(tested.data).toEqual({ testAction: { status: 'SUCCESS', error: null } });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.path).toBe('/in/webhooksecretpath987654');
    expect(hook.received[0]!.headers.authorization).toBe(bearer);
    expect(hook.received[0]!.headers['x-team']).toBeUndefined();
  });

  it("masks the secrets a failing receiver echoes in a test's reason", async () => {
    const secretPath = '/hooks/very-secret-path-123456';
    const echo = await startHttpReceiver([
      { status: 500, body: `bad request to ${secretPath} with ${bearer}` },
    ]);
    const action = await create({
      name: 'Echoing webhook',
      settings: {
        type: 'WEBHOOK',
        webhook: {
          url: `${echo.url}${secretPath}`,
          headers: [{ name: 'Authorization', value: bearer, secret: true }],
        },
      },
    });

    const tested = await sut.request(testAction, { id: action.id });
    await echo.close();

    expect(tested.data).toEqual({
      testAction: {
        status: 'FAILED',
        error: `HTTP 500 Internal Server Error from ${new URL(echo.url).host}: bad request to /****3456 with ****ue42`,
      },
    });
  });

  it('sends a test message now and reports a failure with its reason', async () => {
    const pagerDuty = await create(inputs().pagerDuty);
    const port = await closedPort();
    const unreachable = await create({
      name: 'Dead webhook',
      settings: { type: 'WEBHOOK', webhook: { url: `http://127.0.0.1:${port}/hook` } },
    });

    const ok = await sut.request(testAction, { id: pagerDuty.id });
    const failed = await sut.request(testAction, { id: unreachable.id });

    expect(ok.data).toEqual({ testAction: { status: 'SUCCESS', error: null } });
    expect(failed.data).toEqual({
      testAction: { status: 'FAILED', error: `connection refused by 127.0.0.1:${port}` },
    });
    const body = hook.received[0]!.body as Record<string, unknown>;
    expect(body.routing_key).toBe(routingKey);
    expect(body.event_action).toBe('trigger');
    expect(body.dedup_key).toMatch(new RegExp(`^telltale-test-action-${pagerDuty.id}-\\d+$`));
    expect((body.payload as { summary: string }).summary).toBe(
      'INFO: Test message for the action "PagerDuty on-call"',
    );
  });

  it('searches actions with the query language', async () => {
    for (const input of Object.values(inputs())) await create(input);
    const search = async (text: string) => {
      const answer = await sut.request<{ actions: { name: string }[] }>(
        'query ($search: String) { actions(search: $search) { name } }',
        { search: text },
      );
      return answer.data?.actions.map((action) => action.name) ?? answer.errors;
    };

    expect(await search('')).toEqual([
      'Ops e-mail',
      'PagerDuty on-call',
      'SOAR webhook',
      'Team Slack',
    ]);
    expect(await search('type: slack')).toEqual(['Team Slack']);
    expect(await search('recipient: *@ops.example.test')).toEqual(['Ops e-mail']);
    expect(await search('name: *call* or type: webhook')).toEqual([
      'PagerDuty on-call',
      'SOAR webhook',
    ]);
    expect(await search('colour: red')).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_INVALID' }) }),
    ]);
  });

  it('deletes an action softly: rules stop using it, its deliveries keep it', async () => {
    const { store } = sut.app.services;
    const created = await create(inputs().slack);
    const actionId = Number(created.id);
    const ruleId = await insertRule(store);
    await store.prisma.ruleAction.create({ data: { ruleId, actionId } });
    await insertEvents(store, [storedEvent()]);
    // Due tomorrow, so the running dispatcher leaves it alone.
    const { alertId } = await insertPendingAlert(store, {
      ruleId,
      actionIds: [actionId],
      now: Date.now() + 86_400_000,
    });

    const before = await sut.request<{ action: ActionResult }>(
      `query ($id: ID!) { action(id: $id) { ${actionFields} } }`,
      { id: created.id },
    );
    const deleted = await sut.request('mutation ($id: ID!) { deleteAction(id: $id) }', {
      id: created.id,
    });
    const after = await sut.request<{
      actions: { id: string }[];
      action: ActionResult;
      deliveries: {
        alertId: string;
        status: string;
        action: { name: string; deletedAt: string };
      }[];
    }>(
      `query ($id: ID!, $alertId: ID!) {
        actions { id }
        action(id: $id) { ${actionFields} }
        deliveries(alertId: $alertId) { alertId status action { name deletedAt } }
      }`,
      { id: created.id, alertId: String(alertId) },
    );
    const again = await sut.request(updateAction, { id: created.id, input: inputs().slack });

    expect(before.data!.action.ruleIds).toEqual([String(ruleId)]);
    expect(deleted.data).toEqual({ deleteAction: true });
    expect(after.data!.actions).toEqual([]);
    expect(after.data!.action.ruleIds).toEqual([]);
    expect(after.data!.action.deletedAt).not.toBeNull();
    expect(after.data!.deliveries).toEqual([
      {
        alertId: String(alertId),
        status: 'PENDING',
        action: { name: 'Team Slack', deletedAt: after.data!.action.deletedAt },
      },
    ]);
    expect(again.errors).toEqual([
      expect.objectContaining({
        message: `action ${actionId} does not exist`,
        extensions: { code: 'NOT_FOUND', kind: 'action', id: String(actionId) },
      }),
    ]);
  });

  it('lists deliveries, counts them per action and shows them on their alert', async () => {
    const { store, dispatcher } = sut.app.services;
    const working = await create(inputs().webhook);
    const port = await closedPort();
    const dead = await create({
      name: 'Dead webhook',
      settings: { type: 'WEBHOOK', webhook: { url: `http://127.0.0.1:${port}/hook` } },
    });
    const ruleId = await insertRule(store);
    await insertEvents(store, [storedEvent()]);
    const updates = await sut.subscribe<{ deliveryUpdated: { id: string; status: string } }>(
      'subscription { deliveryUpdated { id status } }',
    );

    const { alertId, deliveryIds } = await insertPendingAlert(store, {
      ruleId,
      actionIds: [Number(working.id), Number(dead.id)],
      now: Date.now(),
    });
    dispatcher.wake();
    const events = [await updates.next(), await updates.next()];
    await updates.close();
    const answer = await sut.request<Record<string, unknown>>(
      `query ($alertId: ID!, $actionId: ID!) {
        alert(id: $alertId) { deliveries { id status attempts lastError deliveredAt } }
        failed: deliveries(status: FAILED) { id actionId lastError nextAttemptAt }
        action(id: $actionId) { deliveryCounts { pending success failed } }
      }`,
      { alertId: String(alertId), actionId: working.id },
    );

    expect(events.map((event) => event.deliveryUpdated).sort((a, b) => +a.id - +b.id)).toEqual([
      { id: String(deliveryIds[0]), status: 'SUCCESS' },
      { id: String(deliveryIds[1]), status: 'FAILED' },
    ]);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      alert: {
        deliveries: [
          {
            id: String(deliveryIds[0]),
            status: 'SUCCESS',
            attempts: 1,
            lastError: null,
            deliveredAt: expect.any(String),
          },
          {
            id: String(deliveryIds[1]),
            status: 'FAILED',
            attempts: 1,
            lastError: `connection refused by 127.0.0.1:${port}`,
            deliveredAt: null,
          },
        ],
      },
      failed: [
        {
          id: String(deliveryIds[1]),
          actionId: dead.id,
          lastError: `connection refused by 127.0.0.1:${port}`,
          nextAttemptAt: null,
        },
      ],
      action: { deliveryCounts: { pending: 0, success: 1, failed: 0 } },
    });
  });

  it('never returns a secret whole, whatever was asked', async () => {
    const created = [];
    for (const input of Object.values(inputs())) created.push(await create(input));
    const ids = created.map((action) => action.id);
    await sut.request(`query { actions { ${actionFields} } }`);
    for (const id of ids) {
      await sut.request(`query ($id: ID!) { action(id: $id) { ${actionFields} } }`, { id });
      await sut.request(testAction, { id });
    }
    await sut.request(updateAction, {
      id: ids[1],
      input: { name: 'Team Slack', settings: { type: 'SLACK', slack: {} } },
    });
    await sut.request(createAction, {
      input: {
        name: 'x',
        settings: { type: 'PAGERDUTY', pagerDuty: { routingKey: `${routingKey}0` } },
      },
    });

    const secrets = [
      routingKey.slice(0, -4),
      smtpPassword,
      'hunter2',
      bearer.slice(0, -4),
      'tokenSECRET',
      'T0SECRET',
      'slacktoken',
      'webhooksecretpath',
    ];
    expect(sut.answers).toHaveLength(15);
    for (const answer of sut.answers) {
      for (const secret of secrets) expect(answer).not.toContain(secret);
    }
  });
});
