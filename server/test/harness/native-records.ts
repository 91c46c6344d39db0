/** 2024-03-01T12:00:00Z: when the events of client and replica tests happen. */
export const eventBaseTime = Date.UTC(2024, 2, 1, 12, 0, 0);

export interface ProcessStart {
  /** Seconds after {@link eventBaseTime}. */
  second: number;
  hostName: string;
  pid: number;
  path: string;
  commandLine: string;
  guid: string;
  parent?: { pid: number; path: string; guid: string };
}

/** A native PROCESS STARTED record (docs/ingest.md) as an agent sends it. */
export function processStarted(overrides: Partial<ProcessStart> = {}): Record<string, unknown> {
  const start: ProcessStart = {
    second: 0,
    hostName: 'FIN-WS-014',
    pid: 4312,
    path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    commandLine: 'powershell.exe -NoProfile -EncodedCommand SQBFAFgA',
    guid: '6f1c2a7e-0001-4000-8000-000000004312',
    ...overrides,
  };
  const ref = (pid: number, path: string, guid: string) => ({
    processName: path.slice(path.lastIndexOf('\\') + 1),
    pid,
    imageFullPath: path,
    guid,
  });

  return {
    dateTime: new Date(eventBaseTime + start.second * 1000).toISOString(),
    type: 'PROCESS',
    action: 'STARTED',
    asset: { hostName: start.hostName, agentId: `agent-${start.hostName.toLowerCase()}` },
    process: {
      ...ref(start.pid, start.path, start.guid),
      arguments: start.commandLine,
      userName: 'CORP\\j.doe',
      ...(start.parent
        ? { parent: ref(start.parent.pid, start.parent.path, start.parent.guid) }
        : {}),
    },
  };
}
