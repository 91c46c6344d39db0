import { minute, type NativeRecord } from './story-types.js';

/** A host of the demo network. */
export interface Host {
  hostName: string;
  agentId: string;
  ip: string;
  user: string;
}

/** A process of the demo story, as the recorder knows it. */
export interface Process {
  host: Host;
  guid: string;
  pid: number;
  path: string;
  commandLine: string;
  user: string;
  integrityLevel: string;
  parent: Process | null;
}

export interface BootedHost {
  host: Host;
  explorer: Process;
  svchost: Process;
  bitsService: Process;
  lsass: Process;
}

export type Recorder = ReturnType<typeof createRecorder>;

/** Writes native records for what happens to the demo processes. */
export function createRecorder(
  records: NativeRecord[],
  random: () => number,
  options: { firstGuid?: number } = {},
) {
  let nextPid = 1000;
  // Recorders of one story give their processes distinct GUIDs through distinct counters.
  let guidCounter = options.firstGuid ?? 0;

  const newGuid = (h: Host) => {
    guidCounter += 1;
    const tail = Math.floor(random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
    const low = (guidCounter & 0xffff).toString(16).padStart(4, '0');
    const high = ((guidCounter >>> 16) & 0xfff).toString(16).padStart(3, '0');
    return `${h.agentId.slice(0, 8)}-${low}-4${high}-8000-${tail}0000`;
  };

  const processRef = (p: Process) => ({
    processName: baseName(p.path),
    pid: p.pid,
    imageFullPath: p.path,
    arguments: p.commandLine,
    userName: p.user,
    guid: p.guid,
  });

  const emit = (p: Process, at: number, type: string, action: string, body: NativeRecord) => {
    records.push({
      dateTime: formatTime(at),
      type,
      action,
      asset: { hostName: p.host.hostName, agentId: p.host.agentId, platform: 'Windows' },
      ...(type === 'PROCESS' ? {} : { actor: processRef(p) }),
      ...body,
    });
  };

  const recorder = {
    jitter: (spread: number) => Math.round((random() - 0.5) * 2 * spread),

    spawn(
      host: Host,
      parent: Process | null,
      path: string,
      commandLine: string,
      user = host.user,
    ): Process {
      nextPid += 4 + Math.floor(random() * 60) * 4;
      const integrityLevel = user.startsWith('NT AUTHORITY') ? 'System' : 'Medium';
      return {
        host,
        guid: newGuid(host),
        pid: nextPid,
        path,
        commandLine,
        user,
        integrityLevel,
        parent,
      };
    },

    start(
      parent: Process,
      at: number,
      path: string,
      commandLine: string,
      user = parent.user,
    ): Process {
      const p = recorder.spawn(parent.host, parent, path, commandLine, user);
      recorder.started(p, at);
      return p;
    },

    started(p: Process, at: number) {
      emit(p, at, 'PROCESS', 'STARTED', {
        process: {
          ...processRef(p),
          integrityLevel: p.integrityLevel,
          parent: p.parent ? processRef(p.parent) : undefined,
        },
      });
    },

    stop(p: Process, at: number) {
      emit(p, at, 'PROCESS', 'TERMINATED', { process: processRef(p) });
    },

    file(p: Process, at: number, fullPath: string) {
      emit(p, at, 'FILE', 'CREATED', { file: { fullPath, name: baseName(fullPath) } });
    },

    pipe(p: Process, at: number, name: string) {
      emit(p, at, 'MUTEX', 'CREATED', { handle: { name, kind: 'PIPE' } });
    },

    registry(p: Process, at: number, key: string, data: string) {
      emit(p, at, 'REGISTRY', 'VALUE_SET', {
        registry: { key, valueName: key.slice(key.lastIndexOf('\\') + 1), data },
      });
    },

    dns(p: Process, at: number, fqdn: string, ip: string) {
      emit(p, at, 'NETWORK', 'DNS_QUERY', {
        network: { protocol: 'udp', direction: 'OUTBOUND', remote: { address: { ip, fqdn } } },
      });
    },

    connect(p: Process, at: number, ip: string, port: number, fqdn?: string) {
      emit(p, at, 'NETWORK', 'CONNECTED', {
        network: {
          protocol: 'tcp',
          direction: 'OUTBOUND',
          local: { address: { ip: p.host.ip, port: 49152 + Math.floor(random() * 16000) } },
          remote: { address: { ip, port, fqdn } },
        },
      });
    },

    accept(p: Process, at: number, fromIp: string, port: number) {
      emit(p, at, 'NETWORK', 'CONNECTED', {
        network: {
          protocol: 'tcp',
          direction: 'INBOUND',
          local: { address: { ip: p.host.ip, port } },
          remote: { address: { ip: fromIp, port: 49152 + Math.floor(random() * 16000) } },
        },
      });
    },

    bootProcesses(h: Host, at: number): BootedHost {
      const system = 'NT AUTHORITY\\SYSTEM';
      const wininit = recorder.spawn(
        h,
        null,
        'C:\\Windows\\System32\\wininit.exe',
        'wininit.exe',
        system,
      );
      recorder.started(wininit, at);
      const services = recorder.start(
        wininit,
        at + 400,
        'C:\\Windows\\System32\\services.exe',
        'C:\\Windows\\system32\\services.exe',
        system,
      );
      const lsass = recorder.start(
        wininit,
        at + 450,
        'C:\\Windows\\System32\\lsass.exe',
        'C:\\Windows\\system32\\lsass.exe',
        system,
      );
      const svchost = recorder.start(
        services,
        at + 900,
        'C:\\Windows\\System32\\svchost.exe',
        'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p',
        system,
      );
      const bitsService = recorder.start(
        services,
        at + 1_200,
        'C:\\Windows\\System32\\svchost.exe',
        'C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s BITS',
        system,
      );
      const userinit = recorder.start(
        wininit,
        at + 40_000,
        'C:\\Windows\\System32\\userinit.exe',
        'C:\\Windows\\system32\\userinit.exe',
        h.user,
      );
      const explorer = recorder.start(
        userinit,
        at + 41_000,
        'C:\\Windows\\explorer.exe',
        'C:\\Windows\\Explorer.EXE',
        h.user,
      );
      recorder.stop(userinit, at + 45_000);
      return { host: h, explorer, svchost, bitsService, lsass };
    },

    background(booted: BootedHost, from: number, to: number) {
      const { host: h, explorer, svchost } = booted;
      const browser = recorder.start(
        explorer,
        from + 3 * minute + recorder.jitter(minute),
        'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
        '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"',
      );
      const teams = recorder.start(
        explorer,
        from + 5 * minute + recorder.jitter(minute),
        'C:\\Users\\Public\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe',
        'Teams.exe --process-start-reason=startup',
      );
      const sites = [
        'www.example.com',
        'intranet.corp.example.com',
        'teams.example.net',
        'docs.example.org',
      ];

      for (
        let at = from + 10 * minute;
        at < to - 2 * minute;
        at += 6 * minute + recorder.jitter(2 * minute)
      ) {
        const site = sites[Math.floor(random() * sites.length)]!;
        const ip = `192.0.2.${10 + Math.floor(random() * 200)}`;
        recorder.dns(browser, at, site, ip);
        recorder.connect(browser, at + 150, ip, 443, site);
        recorder.connect(teams, at + 30_000, '192.0.2.80', 443, 'teams.example.net');

        const search = recorder.start(
          svchost,
          at + 45_000,
          'C:\\Windows\\System32\\SearchProtocolHost.exe',
          'C:\\Windows\\system32\\SearchProtocolHost.exe Global\\UsGthrFltPipeMssGthrPipe1',
          'NT AUTHORITY\\SYSTEM',
        );
        recorder.stop(search, at + 45_000 + 20_000 + recorder.jitter(5_000));
        recorder.file(
          browser,
          at + 60_000,
          `C:\\Users\\${h.user.split('\\')[1]}\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Cache\\f_${Math.floor(random() * 0xffffff).toString(16)}`,
        );
      }

      const updater = recorder.start(
        svchost,
        from + 30 * minute,
        'C:\\Windows\\System32\\MoUsoCoreWorker.exe',
        'C:\\Windows\\System32\\mousocoreworker.exe -Embedding',
        'NT AUTHORITY\\SYSTEM',
      );
      recorder.registry(
        updater,
        from + 31 * minute,
        'HKLM\\SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\StateVariables\\LastScanTime',
        new Date(from + 31 * minute).toISOString(),
      );
      recorder.stop(updater, from + 34 * minute);
    },
  };
  return recorder;
}

/** A demo host with a stable agent id derived from its name. */
export function host(hostName: string, ip: string, user: string): Host {
  const digest = [...hostName].reduce(
    (hash, char) => (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0,
    7,
  );
  const hex = digest.toString(16).padStart(8, '0');
  return { hostName, ip, user, agentId: `${hex}-5a1e-4c0d-9f00-${hex}${hex.slice(0, 4)}` };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

// Qualys-style offset without a colon.
function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

// Moves each record up to `reach` places away: arrival order differs from event order,
// as it does with real agents.
export function shuffleNearby<T>(items: T[], random: () => number, reach: number): T[] {
  const out = [...items];
  for (let i = 0; i < out.length; i++) {
    const j = Math.min(out.length - 1, i + Math.floor(random() * reach));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
