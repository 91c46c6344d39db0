import 'reflect-metadata';

import { readdirSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';

/**
 * Runs every `*.bench.ts` module in this folder (or those named on the command line) and
 * prints its figures. A module exports `run(): Promise<BenchResult[]>`.
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** What the figure is measured against, e.g. the goal from the issue. */
  note?: string;
}

const only = process.argv.slice(2);
const folder = new URL('./', import.meta.url);
const modules = readdirSync(folder)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, ${arch()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);

for (const file of modules) {
  const module = (await import(new URL(file, folder).href)) as { run(): Promise<BenchResult[]> };
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  for (const result of await module.run()) {
    const value =
      result.value >= 100
        ? Math.round(result.value).toLocaleString('en-US')
        : result.value.toFixed(2);
    console.log(
      `${result.name.padEnd(56)} ${value.padStart(14)} ${result.unit}${result.note ? `  (${result.note})` : ''}`,
    );
  }
}
