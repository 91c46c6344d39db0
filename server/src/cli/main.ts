import 'reflect-metadata';

import { ConfigError, readConfig } from '../config.js';
import { TelltaleError } from '../errors.js';
import { createLogger } from '../logger.js';

const usage = `usage: telltale <command> [options]

commands:
  serve [--demo]          run the server (--demo: on an empty store, load the demo
                          rules and action and replay the generated demo events)
  import FILE...          store the events of NDJSON files (optionally .gz), with progress
  help                    show this text

The store, port and other settings come from the environment: see the README.`;

const [command, ...args] = process.argv.slice(2);

const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: async (rest) => (await import('./serve.js')).serve(rest),
  import: async (rest) => (await import('./import.js')).importFiles(rest),
};

const bootLogger = createLogger('telltale');

if (!command || command === 'help' || command === '--help' || command === '-h') {
  console.log(usage);
  process.exit(command ? 0 : 2);
}

const run = commands[command];
if (!run) {
  console.error(`telltale: unknown command "${command}"\n\n${usage}`);
  process.exit(2);
}

try {
  readConfig();
  const code = await run(args);
  if (code !== 0) process.exit(code);
} catch (error) {
  // A setting to change or a condition to clear: its message says which, a stack adds noise.
  if (error instanceof ConfigError || error instanceof TelltaleError) {
    bootLogger.error(error.message);
  } else {
    bootLogger.error(`${command} failed`, { error });
  }
  process.exit(1);
}
