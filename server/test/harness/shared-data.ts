import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real captures and rules in ../shared/data beside the repository. Tests that read
 * them are skipped, with a message, in a clone without that folder; under CI
 * (TELLTALE_REQUIRE_SHARED_DATA=1) its absence fails the run instead.
 */
export const sharedDataDir = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

export const hasSharedData = existsSync(`${sharedDataDir}sysmon`);

if (!hasSharedData) {
  if (process.env.TELLTALE_REQUIRE_SHARED_DATA === '1') {
    throw new Error(`the shared data folder is required but missing: ${sharedDataDir}`);
  }
  console.warn(`skipping tests on real captures: ${sharedDataDir} is absent`);
}

/** The path of one Sysmon capture, e.g. `sysmonCapture('aptsimulator_cobaltstrike')`. */
export function sysmonCapture(name: string): string {
  return `${sharedDataDir}sysmon/${name}.ndjson`;
}

export const captureNames = [
  'aptsimulator_cobaltstrike',
  'cmd_bitsadmin_download_psh_script',
  'covenant_psremoting_grunt',
  'psh_lsass_memory_dump_comsvcs',
] as const;
