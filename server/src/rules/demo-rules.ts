import { GroupBy, TriggerType } from './rule.js';
import type { RuleInputValue } from './rule.validation.js';

/** A rule the product ships for the demo, as the API would receive it (no actions yet). */
export interface DemoRule extends RuleInputValue {
  /** A stable name for code and tests to refer to it by. */
  key: string;
}

const processStarted = 'type: PROCESS and action: STARTED';

/**
 * The rules the demo loads, also used by the tests on the real captures. Their queries
 * follow SigmaHQ rules, simplified to what the query language says directly; each
 * description names the Sigma rule and its authors (Detection Rule License 1.1).
 */
export const demoRules: readonly DemoRule[] = [
  {
    key: 'bitsadmin-download',
    name: 'File download with bitsadmin',
    description: basedOn(
      'bitsadmin.exe started with /transfer: a download with a built-in tool.',
      'File Download Via Bitsadmin',
      'Michael Haag, FPT.EagleEye',
    ),
    query: `${processStarted} and process.name: bitsadmin.exe and process.commandLine: */transfer*`,
    severity: 'MEDIUM',
    trigger: { type: TriggerType.SINGLE_MATCH },
  },
  {
    key: 'taskkill-burst',
    name: 'Burst of taskkill',
    description: basedOn(
      'A host runs taskkill 3 or more times within 15 minutes: tools being stopped in a hurry.',
      'Process Terminated Via Taskkill',
      'frack113, MalGamy (Nextron Systems), Nasreddine Bencherchali',
    ),
    query: `${processStarted} and process.name: taskkill.exe`,
    severity: 'HIGH',
    trigger: { type: TriggerType.COUNT_MATCH, count: 3, windowSeconds: 15 * 60 },
  },
  {
    key: 'cobalt-strike-pipe',
    name: 'Cobalt Strike named pipe',
    description: basedOn(
      'A named pipe with a name Cobalt Strike uses by default.',
      'CobaltStrike Named Pipe',
      'Florian Roth (Nextron Systems), Wojciech Lesicki',
    ),
    query:
      'type: MUTEX and handle.kind: PIPE and handle.name: (\\MSSE-*-server, \\postex_*, ' +
      '\\status_*, \\msagent_*, \\mojo_*, \\interprocess_*, \\samr_*, \\netlogon_*, ' +
      '\\srvsvc_*, \\lsarpc_*, \\wkssvc_*)',
    severity: 'CRITICAL',
    trigger: { type: TriggerType.SINGLE_MATCH },
  },
  {
    key: 'lsass-dump-comsvcs',
    name: 'LSASS memory dump with comsvcs.dll',
    description: basedOn(
      'rundll32 calls the MiniDump export of comsvcs.dll: credential theft from lsass.',
      'Process Memory Dump Via Comsvcs.DLL',
      'Florian Roth (Nextron Systems), Modexp, Nasreddine Bencherchali (Nextron Systems), ' +
        'Swachchhanda Shrawan Poudel (Nextron Systems)',
    ),
    query: `${processStarted} and process.commandLine: *comsvcs* and process.commandLine: (*MiniDump*, *#24*)`,
    severity: 'CRITICAL',
    trigger: { type: TriggerType.SINGLE_MATCH },
  },
  {
    key: 'winrm-powershell',
    name: 'PowerShell started by WinRM',
    description: basedOn(
      'wsmprovhost.exe starts PowerShell: a remote PowerShell session.',
      'Remote PowerShell Session Host Process (WinRM)',
      'Roberto Rodriguez @Cyb3rWard0g',
    ),
    query: `${processStarted} and process.parent.name: wsmprovhost.exe and process.name: powershell.exe`,
    severity: 'HIGH',
    trigger: { type: TriggerType.SINGLE_MATCH },
  },
  {
    key: 'hidden-powershell',
    name: 'Hidden or encoded PowerShell command',
    description: basedOn(
      'PowerShell started with an encoded command or a hidden window, as C2 stagers do.',
      'HackTool - Covenant PowerShell Launcher',
      'Florian Roth (Nextron Systems), Jonhnathan Ribeiro, oscd.community',
    ),
    query: `${processStarted} and process.name: powershell.exe and process.commandLine: (*-enc*, *-Window*Hidden*)`,
    severity: 'HIGH',
    trigger: { type: TriggerType.SINGLE_MATCH },
  },
  {
    key: 'sc-create-service',
    name: 'Service created with sc.exe',
    description: basedOn(
      'sc.exe creates a service with a binary path.',
      'New Service Creation Using Sc.EXE',
      'Timur Zinniatullin, Daniil Yugoslavskiy, oscd.community',
    ),
    query: `${processStarted} and process.name: sc.exe and process.commandLine: *create*binpath*`,
    severity: 'MEDIUM',
    trigger: { type: TriggerType.SINGLE_MATCH },
  },
  {
    key: 'run-key-changes',
    name: 'Run key changed',
    description: basedOn(
      'A value set under a CurrentVersion Run key: a program set to start at logon.',
      'CurrentVersion Autorun Keys Modification',
      'Victor Sergeev, Daniil Yugoslavskiy, Gleb Sukhodolskiy, Timur Zinniatullin, ' +
        'oscd.community, Tim Shelton, frack113 (split)',
    ),
    query: 'type: REGISTRY and action: VALUE_SET and registry.path: *\\CurrentVersion\\Run*',
    severity: 'MEDIUM',
    trigger: { type: TriggerType.SINGLE_MATCH },
  },
  {
    key: 'temp-file-writes',
    name: 'Files written to a Temp folder',
    description:
      'Files created under a Temp folder, where droppers stage payloads: one alert per host ' +
      'per evaluation step.',
    query: 'type: FILE and file.fullPath: *\\Temp\\*',
    severity: 'LOW',
    trigger: { type: TriggerType.SINGLE_MATCH },
    aggregate: true,
    group: { by: GroupBy.HOSTNAME },
  },
  {
    key: 'winrm-connection-burst',
    name: 'Burst of WinRM connections to one address',
    description:
      '10 or more connections to the WinRM ports (5985, 5986) of one address within a minute: ' +
      'remote PowerShell being driven by a tool.',
    query: 'type: NETWORK and action: CONNECTED and network.remote.address.port: (5985, 5986)',
    severity: 'MEDIUM',
    trigger: { type: TriggerType.COUNT_MATCH, count: 10, windowSeconds: 60 },
    aggregate: true,
    group: { by: GroupBy.FIELD, field: 'network.remote.address.ip' },
  },
  {
    key: 'powershell-connections-daily',
    name: 'Daily digest of PowerShell connections',
    description: basedOn(
      'The network connections PowerShell makes, sent once a day per host (UTC days).',
      'Network Connection Initiated By PowerShell Process',
      'Florian Roth (Nextron Systems)',
    ),
    query: 'type: NETWORK and process.name: powershell.exe',
    severity: 'LOW',
    trigger: {
      type: TriggerType.SCHEDULED_MATCH,
      schedule: {
        repeat: 'DAILY',
        startDate: '2019-01-01',
        startTime: '00:00',
        durationMinutes: 1440,
      },
    },
    timeZone: 'UTC',
  },
];

/** The demo rule with this key. */
export function demoRule(key: string): DemoRule {
  const rule = demoRules.find((candidate) => candidate.key === key);
  if (!rule) throw new Error(`no demo rule ${key}`);
  return rule;
}

function basedOn(summary: string, title: string, author: string): string {
  return `${summary} Based on the Sigma rule "${title}" by ${author} (Detection Rule License 1.1).`;
}
