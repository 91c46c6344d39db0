import { TelltaleError } from '../../errors.js';

/** The input is larger than the server accepts in one request. */
export class BodyTooLargeError extends TelltaleError {
  override name = 'BodyTooLargeError';

  constructor(
    readonly maxBytes: number,
    /** The last line read whole before the limit was reached. */
    readonly lastLine: number,
  ) {
    super(
      `the input is larger than ${maxBytes} bytes; lines after ${lastLine} were not read: ` +
        'split it into smaller requests or use `telltale import`',
      'BODY_TOO_LARGE',
      { maxBytes, lastLine },
    );
  }
}

/** The input could not be read to its end (a corrupt or truncated gzip stream). */
export class UnreadableInputError extends TelltaleError {
  override name = 'UnreadableInputError';

  constructor(reason: string, lastLine: number) {
    super(
      `the input could not be read after line ${lastLine}: ${reason}; ` +
        'the lines before it were processed',
      'UNREADABLE_INPUT',
      { lastLine },
    );
  }
}

/** Content-Encoding names a compression ingest does not read. */
export class UnsupportedEncodingError extends TelltaleError {
  override name = 'UnsupportedEncodingError';

  constructor(encoding: string) {
    super(
      `Content-Encoding "${encoding}" is not supported: send gzip or an uncompressed body`,
      'UNSUPPORTED_ENCODING',
      { encoding },
    );
  }
}

/** The ingest was stopped from outside: the server shutting down, an interrupted import. */
export class IngestInterruptedError extends TelltaleError {
  override name = 'IngestInterruptedError';

  constructor(
    /** Why, as a clause: "the server is shutting down". */
    reason: string,
    readonly lastLine: number,
  ) {
    super(
      `${reason}; lines after ${lastLine} were not stored: ` +
        `send them again from line ${lastLine + 1}`,
      'INTERRUPTED',
      { lastLine },
    );
  }
}
