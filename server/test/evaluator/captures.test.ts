import { afterEach, describe, expect, it } from 'vitest';

import { demoRules } from '../../src/rules/demo-rules.js';
import { hasSharedData } from '../harness/shared-data.js';
import { dialects } from '../harness/stores.js';
import { createEvaluatorFixture, type EvaluatorFixture } from './harness.js';

/**
 * The demo rules over each real capture, imported alone into a new store, evaluated in
 * one step, then with the clock past every scheduled window. Event ids are the ingest
 * sequence numbers of the capture's stored lines.
 */
const expected: Record<string, Array<[rule: string, group: string | null, eventIds: number[]]>> = {
  aptsimulator_cobaltstrike: [
    ['cobalt-strike-pipe', null, [28]],
    ['cobalt-strike-pipe', null, [80]],
    ['cobalt-strike-pipe', null, [114]],
    // Five taskkill starts 5 s apart: the third fires, the fourth and fifth wait for more.
    ['taskkill-burst', 'workstation5', [35, 89, 120]],
    ['cobalt-strike-pipe', null, [147]],
    ['sc-create-service', null, [190]],
  ],
  cmd_bitsadmin_download_psh_script: [
    ['bitsadmin-download', null, [10]],
    ['temp-file-writes', 'workstation5', [50, 51, 52, 73, 74]],
  ],
  covenant_psremoting_grunt: [
    ['winrm-powershell', null, [104]],
    ['hidden-powershell', null, [104]],
    ['winrm-connection-burst', '172.18.39.102', [77, 78, 79, 83, 86, 90, 94, 105, 116, 117]],
    ['winrm-connection-burst', '172.18.39.102', [157, 158, 161, 162, 168, 169, 174, 175, 176, 177]],
    ['temp-file-writes', 'hr001.shire.com', [107, 108, 111, 112, 187, 188]],
    ['winrm-connection-burst', '172.18.39.102', [178, 179, 180, 181, 182, 183, 184, 185, 191, 192]],
    ['winrm-connection-burst', '172.18.39.102', [193, 194, 195, 196, 197, 198, 199, 200, 201, 203]],
    ['winrm-connection-burst', '172.18.39.102', [204, 205, 206, 207, 208, 209, 210, 211, 212, 213]],
    ['winrm-connection-burst', '172.18.39.102', [214, 215, 232, 271, 272, 273, 274, 275, 276, 277]],
    ['winrm-connection-burst', '172.18.39.102', [278, 279, 280, 281, 282, 283, 284, 285, 286, 287]],
    ['winrm-connection-burst', '172.18.39.102', [294, 295, 296, 297, 339, 340, 341, 400, 401, 402]],
    ['winrm-connection-burst', '172.18.39.102', [403, 404, 405, 406, 407, 416, 417, 418, 436, 440]],
    ['winrm-connection-burst', '172.18.39.102', [441, 442, 451, 456, 457, 458, 459, 460, 461, 462]],
    // Closed by the clock: one alert per UTC day and host, after the step above.
    ['powershell-connections-daily', 'it001.shire.com', [106, 120, 125]],
    ['powershell-connections-daily', 'hr001.shire.com', [118, 126]],
  ],
  psh_lsass_memory_dump_comsvcs: [
    ['temp-file-writes', 'workstation5', [9]],
    ['lsass-dump-comsvcs', null, [10]],
  ],
};

describe.skipIf(!hasSharedData).each(dialects)(
  'demo rules on the real captures (%s)',
  (dialect) => {
    let fixture: EvaluatorFixture | undefined;

    afterEach(async () => {
      await fixture?.destroy();
      fixture = undefined;
    });

    it.each(Object.keys(expected))('raise exactly the expected alerts on %s', async (capture) => {
      fixture = await createEvaluatorFixture(dialect);
      const keys = new Map<number, string>();
      for (const rule of demoRules) keys.set(Number((await fixture.createRule(rule)).id), rule.key);

      await fixture.importCapture(capture);
      await fixture.evaluator.drain();
      fixture.clock.set(Date.UTC(2030, 0, 1));
      await fixture.evaluator.drain();

      const alerts = (await fixture.alerts()).map((alert) => [
        keys.get(alert.ruleId),
        alert.groupKey,
        alert.eventIds,
      ]);
      expect(alerts).toEqual(expected[capture]);
      expect(fixture.published).toHaveLength(expected[capture]!.length);
    });
  },
);
