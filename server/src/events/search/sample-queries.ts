/** A query worth trying, offered by the hunting page and the rule editor. */
export interface SampleQueryDef {
  name: string;
  query: string;
  description: string;
}

/**
 * Sample hunting queries for Windows endpoint telemetry, after well-known detections
 * (SigmaHQ rules among them). Each must parse; a test counts what each matches on the
 * real captures.
 */
export const sampleQueries: readonly SampleQueryDef[] = [
  {
    name: 'Shells started by mshta.exe',
    query:
      'type: PROCESS and process.parent.name: mshta.exe and process.name: (cmd.exe, powershell.exe, pwsh.exe, wscript.exe, cscript.exe, bash.exe, reg.exe, regsvr32.exe, bitsadmin.exe)',
    description: 'An HTML application launching a shell or a download tool: a common first stage',
  },
  {
    name: 'Encoded PowerShell',
    query:
      'process.name: (powershell.exe, pwsh.exe) and process.commandLine: ("* -e *", "* -ec *", "* -enc*")',
    description: 'PowerShell given a Base64 command (-e, -ec, -enc, -EncodedCommand)',
  },
  {
    name: 'PowerShell remoting connections',
    query: 'type: NETWORK and network.direction: OUTBOUND and destination.port: (5985, 5986)',
    description:
      'Outbound WinRM connections (ports 5985 and 5986): lateral movement over PS remoting',
  },
  {
    name: 'PowerShell remoting sessions',
    query:
      'type: PROCESS and (process.name: wsmprovhost.exe or process.parent.name: wsmprovhost.exe)',
    description: 'The WinRM plugin host, and what it starts, on the target of a remote session',
  },
  {
    name: 'LSASS dump with comsvcs.dll',
    query:
      'process.commandLine: *comsvcs* and process.commandLine: *full* and process.commandLine: (*minidump*, "*#24*", "*#-*", "*#+*", "*#65560*")',
    description: 'rundll32 calling the MiniDump export of comsvcs.dll to dump credentials',
  },
  {
    name: 'LSASS dump files',
    query:
      'type: FILE and file.fullPath: (*\\lsass*.dmp, *\\lsass.zip, *\\lsass.rar, *\\nanodump*.dmp)',
    description: 'Files named like a memory dump of lsass.exe',
  },
  {
    name: 'Cobalt Strike named pipes',
    query:
      'handle.kind: PIPE and handle.name: (\\MSSE-*-server, \\postex_*, \\status_*, \\msagent_*, \\mojo_*, \\interprocess_*, \\samr_*, \\netlogon_*, \\srvsvc_*, \\lsarpc_*, \\wkssvc_*)',
    description: "Pipe names from Cobalt Strike's default profiles",
  },
  {
    name: 'Downloads with bitsadmin',
    query:
      'process.name: bitsadmin.exe and (process.commandLine: "* /transfer *" or process.commandLine: ("* /create *", "* /addfile *") and process.commandLine: *http*)',
    description: 'The BITS command line tool fetching a file',
  },
  {
    name: 'Download tools with a URL',
    query:
      'type: PROCESS and process.name: (curl.exe, bitsadmin.exe, certutil.exe) and process.commandLine: *http*',
    description: 'Built-in or dropped tools given a URL on the command line',
  },
  {
    name: 'Processes killed by name or PID',
    query:
      'process.name: taskkill.exe and process.commandLine: ("* /f *", "* /f", "* -f *", "* -f") and process.commandLine: ("* /im *", "* /pid *", "* -im *", "* -pid *")',
    description: 'taskkill forcing processes to stop, as malware does to security tools',
  },
  {
    name: 'Services created with sc.exe',
    query:
      'process.name: sc.exe and process.commandLine: *create* and process.commandLine: *binpath*',
    description: 'A new service and its program: persistence or remote execution',
  },
  {
    name: 'Autostart registry keys',
    query:
      'type: REGISTRY and registry.path: *\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\* and registry.path: (*\\Run\\*, *\\RunOnce\\*, *\\RunOnceEx\\*, *\\RunServices\\*, *\\Policies\\Explorer\\Run*)',
    description: 'Changes under the Run keys that start programs at logon',
  },
  {
    name: 'Scripts and programs written to Temp',
    query:
      'type: FILE and file.fullPath: *\\Temp\\* and file.name: (*.ps1, *.bat, *.vbs, *.js, *.hta, *.exe, *.dll)',
    description: 'Executable content dropped in a temporary folder',
  },
];
