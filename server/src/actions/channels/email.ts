import { createTransport } from 'nodemailer';

import type { EmailSettings } from '../action.settings.js';
import type { EmailMessage } from '../messages/email.js';
import type { SendOutcome } from './channel.js';
import { refusedDestination } from './destination.js';

interface SmtpError {
  code?: string;
  response?: string;
  responseCode?: number;
  message?: string;
}

/**
 * Sends the message over SMTP to the action's recipients.
 *
 * @remarks
 * The Message-ID is derived from the idempotency key, so a message sent again after a
 * crash carries the same id and mail clients that thread or deduplicate by it show one.
 * A reply of 5xx is final; 4xx replies and connection problems are retried. A message
 * some recipients refused is a final failure even though the others received it.
 */
export async function sendEmail(
  settings: EmailSettings,
  message: EmailMessage,
  options: { idempotencyKey: string; timeoutMs: number },
): Promise<SendOutcome> {
  const { timeoutMs } = options;
  const server = `${settings.host}:${settings.port}`;
  const refused = await refusedDestination(settings.host);
  if (refused) return { ok: false, reason: refused, retryable: false };
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  const send = async (): Promise<SendOutcome> => {
    try {
      const info = await transport.sendMail({
        from: settings.from,
        to: settings.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${options.idempotencyKey}@${domainOf(settings.from)}>`,
      });
      const rejected = info.rejected.map(String);
      if (rejected.length === 0) return { ok: true };
      return {
        ok: false,
        reason:
          `SMTP server ${server} refused ${rejected.join(', ')}; ` +
          'the other recipients received it',
        retryable: false,
      };
    } catch (error) {
      return describeSmtpError(error as SmtpError, server);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SendOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          reason: `timed out after ${timeoutMs} ms talking to ${server}`,
          retryable: true,
        }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([send(), timeout]);
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}

function describeSmtpError(error: SmtpError, server: string): SendOutcome {
  if (error.response) {
    const reply = error.response.replace(/\s+/g, ' ').trim();
    const permanent = (error.responseCode ?? 0) >= 500;
    return { ok: false, reason: `SMTP server ${server} replied: ${reply}`, retryable: !permanent };
  }

  const text = error.message ?? String(error);
  if (/ECONNREFUSED/.test(text)) {
    return { ok: false, reason: `connection refused by ${server}`, retryable: true };
  }
  if (error.code === 'ETIMEDOUT') {
    return { ok: false, reason: `SMTP server ${server} timed out: ${text}`, retryable: true };
  }
  if (error.code === 'EDNS') {
    return { ok: false, reason: `DNS lookup of ${server} failed: ${text}`, retryable: true };
  }
  return { ok: false, reason: `sending to ${server} failed: ${text}`, retryable: true };
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'telltale';
}
