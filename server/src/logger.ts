/** Severity of a log line; lines below the configured level are dropped. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A structured logger bound to one context name (a feature or component). */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Logs a warning only the first time `cause` is seen by this logger. */
  warnOnce(cause: string, message: string, fields?: LogFields): void;
  child(context: string): Logger;
}

export type LogFields = Record<string, unknown>;

const ranks: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; one JSON object a line. Defaults to stderr. */
  write?: (line: string) => void;
}

/** Creates a logger writing one JSON object a line: time, level, context, message, fields. */
export function createLogger(context: string, options: LoggerOptions = {}): Logger {
  const threshold = ranks[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const warned = new Set<string>();

  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    if (ranks[level] < threshold) return;
    const line: LogFields = { time: new Date().toISOString(), level, context, message };
    for (const [key, value] of Object.entries(fields ?? {})) {
      // A field named like one of the line's own keys (`time`) cannot replace it.
      line[key in line ? `field.${key}` : key] = serialize(value);
    }
    write(JSON.stringify(line));
  };

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    warnOnce(cause, message, fields) {
      if (warned.has(cause)) return;
      warned.add(cause);
      log('warn', message, fields);
    },
    child: (name) => createLogger(`${context}.${name}`, options),
  };
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = createLogger('silent', { write: () => {} });

function serialize(value: unknown): unknown {
  return value instanceof Error
    ? { name: value.name, message: value.message, stack: value.stack }
    : value;
}
