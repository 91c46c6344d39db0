import { afterEach, describe, expect, it } from 'vitest';

import { ActionType, PagerDutySeverity } from '../../src/actions/action.settings.js';
import { sendMessage } from '../../src/actions/channels/channel.js';
import { renderAlertMessage } from '../../src/actions/messages/message.js';
import { closedPort, startHttpReceiver, type HttpReceiver } from './http-receiver.js';
import { alertMessageInput } from './message-factory.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';

const key = 'telltale-alert-12-action-3';
const timeoutMs = 2_000;

describe(sendMessage.name, () => {
  let receiver: HttpReceiver | undefined;
  let smtp: SmtpReceiver | undefined;

  afterEach(async () => {
    await receiver?.close();
    await smtp?.close();
    receiver = undefined;
    smtp = undefined;
  });

  describe('email', () => {
    const settings = (port: number) => ({
      type: ActionType.EMAIL as const,
      email: {
        host: '127.0.0.1',
        port,
        secure: false,
        user: null,
        password: null,
        from: 'telltale@example.test',
        to: ['soc@example.test', 'oncall@example.test'],
      },
    });

    it('delivers the subject, recipients, body and a Message-ID from the key', async () => {
      smtp = await startSmtpReceiver();
      const sut = sendMessage;

      const outcome = await sut({
        settings: settings(smtp.port),
        message: renderAlertMessage(ActionType.EMAIL, alertMessageInput()),
        idempotencyKey: key,
        timeoutMs,
      });

      expect(outcome).toEqual({ ok: true });
      expect(smtp.received).toHaveLength(1);
      const [{ from, recipients, mail }] = smtp.received as [(typeof smtp.received)[0]];
      expect(from).toBe('telltale@example.test');
      expect(recipients).toEqual(['soc@example.test', 'oncall@example.test']);
      expect(mail.subject).toBe('[Telltale] HIGH: Encoded PowerShell');
      expect(mail.messageId).toBe('<telltale-alert-12-action-3@example.test>');
      const lines = mail.text!.split('\n');
      expect(lines).toContain('Rule: Encoded PowerShell (id 4)');
      expect(lines).toContain('Alert: https://telltale.example.test/alerts/12');
      expect(lines).toContain(
        '  2024-09-15T00:30:00.123Z host-1 PROCESS STARTED powershell.exe -enc SQBFAFgA',
      );
      expect(mail.html).toContain('<h2>HIGH: Encoded PowerShell</h2>');
    });

    it('fails for good when the server refuses the recipient with 550', async () => {
      smtp = await startSmtpReceiver({ rejectRecipients: ['soc@example.test'] });

      const outcome = await sendMessage({
        settings: {
          ...settings(smtp.port),
          email: { ...settings(smtp.port).email, to: ['soc@example.test'] },
        },
        message: renderAlertMessage(ActionType.EMAIL, alertMessageInput()),
        idempotencyKey: key,
        timeoutMs,
      });

      expect(outcome).toEqual({
        ok: false,
        reason: `SMTP server 127.0.0.1:${smtp.port} replied: 550 5.1.1 <soc@example.test>: Recipient address rejected`,
        retryable: false,
      });
      expect(smtp.received).toEqual([]);
    });

    it('reports a refused connection as retryable', async () => {
      const port = await closedPort();

      const outcome = await sendMessage({
        settings: settings(port),
        message: renderAlertMessage(ActionType.EMAIL, alertMessageInput()),
        idempotencyKey: key,
        timeoutMs,
      });

      expect(outcome).toEqual({
        ok: false,
        reason: `connection refused by 127.0.0.1:${port}`,
        retryable: true,
      });
    });
  });

  it('posts the Slack message as it was rendered', async () => {
    receiver = await startHttpReceiver();
    const message = renderAlertMessage(ActionType.SLACK, alertMessageInput());

    const outcome = await sendMessage({
      settings: { type: ActionType.SLACK, slack: { url: `${receiver.url}/services/T0/B0/abc` } },
      message,
      idempotencyKey: key,
      timeoutMs,
    });

    expect(outcome).toEqual({ ok: true });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.path).toBe('/services/T0/B0/abc');
    expect(receiver.received[0]!.headers['content-type']).toBe('application/json');
    expect(receiver.received[0]!.body).toEqual(
      message.channel === ActionType.SLACK && message.slack,
    );
  });

  it('masks the Slack token a receiver echoes on its own', async () => {
    receiver = await startHttpReceiver([{ status: 403, body: 'invalid_token XXXXXXXXq9Zx' }]);
    const host = new URL(receiver.url).host;

    const outcome = await sendMessage({
      settings: {
        type: ActionType.SLACK,
        slack: { url: `${receiver.url}/services/T0/B0/XXXXXXXXq9Zx` },
      },
      message: renderAlertMessage(ActionType.SLACK, alertMessageInput()),
      idempotencyKey: key,
      timeoutMs,
    });

    expect(outcome).toEqual({
      ok: false,
      reason: `HTTP 403 Forbidden from ${host}: invalid_token ****`,
      retryable: false,
    });
  });

  it('sends PagerDuty a trigger with the routing key and the dedup key of the alert', async () => {
    receiver = await startHttpReceiver([{ status: 202, body: '{"status":"success"}' }]);
    const message = renderAlertMessage(
      ActionType.PAGERDUTY,
      alertMessageInput({ pagerDutySeverities: { HIGH: PagerDutySeverity.CRITICAL } }),
    );

    const outcome = await sendMessage({
      settings: {
        type: ActionType.PAGERDUTY,
        pagerDuty: {
          url: `${receiver.url}/v2/enqueue`,
          routingKey: 'R0UT1NGKEY0123456789abcdefABCDEF',
          severities: { HIGH: PagerDutySeverity.CRITICAL },
        },
      },
      message,
      idempotencyKey: key,
      timeoutMs,
    });

    expect(outcome).toEqual({ ok: true });
    const body = receiver.received[0]!.body as Record<string, unknown>;
    expect(body.routing_key).toBe('R0UT1NGKEY0123456789abcdefABCDEF');
    expect(body.event_action).toBe('trigger');
    expect(body.dedup_key).toBe('telltale-alert-12');
    expect((body.payload as Record<string, unknown>).severity).toBe('critical');
    expect(body).toEqual({
      routing_key: 'R0UT1NGKEY0123456789abcdefABCDEF',
      ...(message.channel === ActionType.PAGERDUTY ? message.pagerDuty : {}),
    });
  });

  describe('webhook', () => {
    const settings = (url: string) => ({
      type: ActionType.WEBHOOK as const,
      webhook: {
        url,
        headers: [
          { name: 'X-Team', value: 'blue', secret: false },
          { name: 'Authorization', value: 'Bearer s3cr3t-token-value', secret: true },
        ],
      },
    });
    const message = renderAlertMessage(ActionType.WEBHOOK, alertMessageInput());
    const send = (url: string, timeout = timeoutMs) =>
      sendMessage({ settings: settings(url), message, idempotencyKey: key, timeoutMs: timeout });

    it('posts the payload with its headers and the Idempotency-Key', async () => {
      receiver = await startHttpReceiver([{ status: 204 }]);

      const outcome = await send(`${receiver.url}/hook?team=blue`);

      expect(outcome).toEqual({ ok: true });
      const [request] = receiver.received as [(typeof receiver.received)[0]];
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/hook?team=blue');
      expect(request.headers['idempotency-key']).toBe('telltale-alert-12-action-3');
      expect(request.headers['x-team']).toBe('blue');
      expect(request.headers.authorization).toBe('Bearer s3cr3t-token-value');
      expect(request.headers['user-agent']).toBe('Telltale');
      expect(request.body).toEqual(message.channel === ActionType.WEBHOOK && message.webhook);
    });

    it('reports an HTTP 500 with the start of the body as retryable', async () => {
      receiver = await startHttpReceiver([{ status: 500, body: 'database\n  is down' }]);
      const host = new URL(receiver.url).host;

      const outcome = await send(`${receiver.url}/hook`);

      expect(outcome).toEqual({
        ok: false,
        reason: `HTTP 500 Internal Server Error from ${host}: database is down`,
        retryable: true,
      });
    });

    it('masks the URL path and secret header value a receiver echoes in its answer', async () => {
      const secretPath = '/hooks/very-secret-path-123456';
      receiver = await startHttpReceiver([
        {
          status: 500,
          body: `bad request to ${secretPath}?x=1 with Authorization: Bearer s3cr3t-token-value`,
        },
      ]);
      const host = new URL(receiver.url).host;

      const outcome = await send(`${receiver.url}${secretPath}`);

      expect(outcome).toEqual({
        ok: false,
        reason: `HTTP 500 Internal Server Error from ${host}: bad request to /****3456?x=1 with Authorization: ****alue`,
        retryable: true,
      });
    });

    it('reports an HTTP 404 as final', async () => {
      receiver = await startHttpReceiver([{ status: 404, body: 'no such hook' }]);
      const host = new URL(receiver.url).host;

      const outcome = await send(`${receiver.url}/hook`);

      expect(outcome).toEqual({
        ok: false,
        reason: `HTTP 404 Not Found from ${host}: no such hook`,
        retryable: false,
      });
    });

    it('gives up on a receiver that never answers after the timeout', async () => {
      receiver = await startHttpReceiver(['hang']);
      const host = new URL(receiver.url).host;

      const outcome = await send(`${receiver.url}/hook`, 300);

      expect(outcome).toEqual({
        ok: false,
        reason: `timed out after 300 ms waiting for ${host}`,
        retryable: true,
      });
      expect(receiver.received).toHaveLength(1);
    });

    it('reports a closed port as a refused connection', async () => {
      const port = await closedPort();

      const outcome = await send(`http://127.0.0.1:${port}/hook`);

      expect(outcome).toEqual({
        ok: false,
        reason: `connection refused by 127.0.0.1:${port}`,
        retryable: true,
      });
    });
  });
});
