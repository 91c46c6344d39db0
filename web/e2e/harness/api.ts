/** Talks to the server under test the way an agent or an integrator would. */

export type NativeRecord = Record<string, unknown>;

export interface ProcessSpec {
  host: string;
  time: Date;
  pid: number;
  guid: string;
  path: string;
  commandLine?: string;
  user?: string;
  parent?: { pid: number; guid: string; path: string } | null;
}

/** A native PROCESS STARTED record (the Qualys-like shape of docs/ingest.md). */
export function processStarted(spec: ProcessSpec): NativeRecord {
  return {
    dateTime: spec.time.toISOString(),
    type: 'PROCESS',
    action: 'STARTED',
    asset: { hostName: spec.host, agentId: `agent-${spec.host.toLowerCase()}` },
    process: {
      imageFullPath: spec.path,
      pid: spec.pid,
      guid: spec.guid,
      arguments: spec.commandLine ?? spec.path,
      userName: spec.user ?? 'CORP\\analyst',
      ...(spec.parent
        ? {
            parent: {
              pid: spec.parent.pid,
              guid: spec.parent.guid,
              imageFullPath: spec.parent.path,
            },
          }
        : {}),
    },
  };
}

/** A native MUTEX record for a named pipe opened by `actor`. */
export function pipeCreated(
  host: string,
  time: Date,
  actor: { pid: number; guid: string; path: string },
  name: string,
): NativeRecord {
  return {
    dateTime: time.toISOString(),
    type: 'MUTEX',
    action: 'CREATED',
    asset: { hostName: host },
    actor: { processId: actor.pid, guid: actor.guid, imageFullPath: actor.path },
    handle: { name, kind: 'PIPE' },
  };
}

/** What POST /ingest answers. */
export interface IngestSummary {
  accepted: number;
  rejected: number;
  firstId: number | null;
  lastId: number | null;
}

/** POSTs records as NDJSON to /ingest and returns the summary. */
export async function ingest(
  baseUrl: string,
  records: readonly NativeRecord[],
): Promise<IngestSummary> {
  const response = await fetch(`${baseUrl}/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: records.map((record) => JSON.stringify(record)).join('\n') + '\n',
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as IngestSummary;
  if (!response.ok) {
    throw new Error(`POST /ingest answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

/** Runs a GraphQL operation over HTTP and returns its data; GraphQL errors throw. */
export async function graphql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) {
    throw new Error(`GraphQL: ${body.errors.map((error) => error.message).join('; ')}`);
  }
  return body.data as T;
}

/** A process tree on one host: explorer.exe starts cmd.exe, which starts whoami.exe and
 * net.exe and opens a named pipe. Times are one second apart, ending at `end`. */
export function createProcessTree(host: string, end: Date): NativeRecord[] {
  const at = (step: number) => new Date(end.getTime() - (4 - step) * 1000);
  const guid = (pid: number) => `aaaaaaaa-0000-0000-0000-${String(pid).padStart(12, '0')}`;
  const explorer = { pid: 1000, guid: guid(1000), path: 'C:\\Windows\\explorer.exe' };
  const cmd = { pid: 2000, guid: guid(2000), path: 'C:\\Windows\\System32\\cmd.exe' };

  return [
    processStarted({ host, time: at(0), ...explorer }),
    processStarted({ host, time: at(1), ...cmd, commandLine: 'cmd.exe /k', parent: explorer }),
    processStarted({
      host,
      time: at(2),
      pid: 3000,
      guid: guid(3000),
      path: 'C:\\Windows\\System32\\whoami.exe',
      commandLine: 'whoami /all',
      parent: cmd,
    }),
    processStarted({
      host,
      time: at(3),
      pid: 3001,
      guid: guid(3001),
      path: 'C:\\Windows\\System32\\net.exe',
      commandLine: 'net user',
      parent: cmd,
    }),
    pipeCreated(host, at(4), cmd, '\\MSSE-4242-server'),
  ];
}
