import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the receiver accepted: the envelope and the parsed message. */
export interface ReceivedMail {
  from: string;
  recipients: string[];
  mail: ParsedMail;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpReceiverOptions {
  /** Recipients answered with `550 5.1.1 <address>: Recipient address rejected`. */
  rejectRecipients?: readonly string[];
}

/** A real SMTP server on 127.0.0.1 and a free port, without STARTTLS or AUTH. */
export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const rejected = new Set(options.rejectRecipients ?? []);

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!rejected.has(address.address)) return callback();
      const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected`);
      (error as Error & { responseCode: number }).responseCode = 550;
      return callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
