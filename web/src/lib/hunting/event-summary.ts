/** One line for what an event is about, for the Hunting results. Pure. */

interface EventSummaryInput {
  type: string;
  process?: { commandLine?: string | null } | null;
  network?: {
    remoteIp?: string | null;
    remotePort?: number | null;
    remoteFqdn?: string | null;
  } | null;
  file?: { path?: string | null } | null;
  registry?: { key?: string | null; valueName?: string | null } | null;
  handle?: { name?: string | null; kind?: string | null } | null;
}

/** The detail that tells events of one type apart: command line, peer, path, key or handle. */
export function summarizeEvent(event: EventSummaryInput): string {
  switch (event.type) {
    case 'PROCESS':
      return event.process?.commandLine ?? '';
    case 'NETWORK': {
      const network = event.network;
      if (!network) return '';
      const peer = network.remoteFqdn ?? network.remoteIp ?? '';
      return network.remotePort !== null && network.remotePort !== undefined
        ? `${peer}:${network.remotePort}`
        : peer;
    }
    case 'FILE':
      return event.file?.path ?? '';
    case 'REGISTRY': {
      const key = event.registry?.key ?? '';
      const value = event.registry?.valueName;
      return value ? `${key}\\${value}` : key;
    }
    case 'MUTEX':
      return event.handle?.name ?? '';
    default:
      return '';
  }
}
