/** The event page's field groups. Pure: labels and values in, rows out. */

type Scalar = string | number | boolean | null | undefined;

export interface FieldRow {
  label: string;
  value: string;
  /** Paths, hashes, command lines and ids read better in a fixed-width font. */
  isCode: boolean;
}

export interface FieldGroup {
  id: string;
  title: string;
  rows: FieldRow[];
}

/** Field labels per group, in display order; `*` marks values shown as code. */
export const groupLabels = {
  process: {
    name: 'Name',
    path: 'Path*',
    pid: 'PID',
    commandLine: 'Command line*',
    user: 'User',
    guid: 'GUID*',
    integrityLevel: 'Integrity level',
    md5: 'MD5*',
    sha256: 'SHA-256*',
  },
  parent: { name: 'Name', path: 'Path*', pid: 'PID', commandLine: 'Command line*', guid: 'GUID*' },
  network: {
    direction: 'Direction',
    protocol: 'Protocol',
    localIp: 'Local IP*',
    localPort: 'Local port',
    remoteIp: 'Remote IP*',
    remotePort: 'Remote port',
    remoteFqdn: 'Remote name*',
  },
  file: { name: 'Name', path: 'Path*', md5: 'MD5*', sha256: 'SHA-256*' },
  registry: { key: 'Key*', valueName: 'Value name*', data: 'Data*' },
  handle: { kind: 'Kind', name: 'Name*' },
  indicator: { score: 'Score', verdict: 'Verdict', threatName: 'Threat name' },
} as const;

export const groupTitles: Record<keyof typeof groupLabels, string> = {
  process: 'Process',
  parent: 'Parent process',
  network: 'Network',
  file: 'File',
  registry: 'Registry',
  handle: 'Handle (mutex or pipe)',
  indicator: 'Threat indicator',
};

/** The rows of one group: labelled values in label order, absent values left out. */
export function groupRows(
  values: Readonly<Record<string, Scalar>> | null | undefined,
  labels: Readonly<Record<string, string>>,
): FieldRow[] {
  if (!values) return [];
  const rows: FieldRow[] = [];
  for (const [key, label] of Object.entries(labels)) {
    const value = values[key];
    if (value === null || value === undefined || value === '') continue;
    rows.push({
      label: label.replace(/\*$/, ''),
      value: String(value),
      isCode: label.endsWith('*'),
    });
  }
  return rows;
}

/** Every group of an event that has at least one value. */
export function fieldGroups(
  event: Partial<Record<keyof typeof groupLabels, Readonly<Record<string, Scalar>> | null>>,
): FieldGroup[] {
  return (Object.keys(groupLabels) as (keyof typeof groupLabels)[])
    .map((id) => ({ id, title: groupTitles[id], rows: groupRows(event[id], groupLabels[id]) }))
    .filter((group) => group.rows.length > 0);
}
