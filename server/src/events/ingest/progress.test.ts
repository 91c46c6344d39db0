import { describe, expect, it } from 'vitest';

import {
  formatProgressBar,
  formatProgressLine,
  ProgressReporter,
  type ImportProgress,
} from './progress.js';

function progress(overrides: Partial<ImportProgress> = {}): ImportProgress {
  return {
    name: 'capture.ndjson',
    bytes: 450_000_000,
    totalBytes: 1_000_000_000,
    lines: 300_000,
    accepted: 120_000,
    elapsedMs: 4000,
    ...overrides,
  };
}

describe(formatProgressBar.name, () => {
  it('draws the share read, the sizes, the events stored and the rate within the width', () => {
    expect(formatProgressBar(progress(), 100)).toBe(
      'capture.ndjson [#################.....................] 45% 450.0/1000.0 MB 120,000 events 30,000/s',
    );
  });

  it('leaves the bar out when the size is unknown or the terminal narrow', () => {
    expect(formatProgressBar(progress({ name: 'stdin', totalBytes: null }))).toBe(
      'stdin 450.0 MB 120,000 events 30,000/s',
    );
    expect(formatProgressBar(progress(), 60)).toBe(
      'capture.ndjson 45% 450.0/1000.0 MB 120,000 events 30,000/s',
    );
    expect(formatProgressBar(progress(), 40)).toBe('capture.ndjson 45% 450.0/1000.0 MB 120,');
  });
});

describe(formatProgressLine.name, () => {
  it('writes one plain line for logs', () => {
    expect(formatProgressLine(progress())).toBe(
      'capture.ndjson: 45% read (450.0 of 1000.0 MB), 300000 lines, 120000 events stored',
    );
  });
});

describe(ProgressReporter.name, () => {
  it('redraws a terminal bar at most every 100 ms and ends it with a newline', () => {
    const written: string[] = [];
    let now = 0;
    const sut = new ProgressReporter(
      { isTTY: true, columns: 70, write: (text) => written.push(text) },
      { now: () => now },
    );

    sut.update(progress({ bytes: 1_000_000 }));
    now = 50;
    sut.update(progress({ bytes: 2_000_000 }));
    now = 150;
    sut.update(progress({ bytes: 3_000_000 }));
    sut.done(progress({ bytes: 1_000_000_000 }));

    expect(written).toEqual([
      '\r\x1b[Kcapture.ndjson [...........] 0% 1.0/1000.0 MB 120,000 events 30,000/s',
      '\r\x1b[Kcapture.ndjson [...........] 0% 3.0/1000.0 MB 120,000 events 30,000/s',
      '\r\x1b[Kcapture.ndjson 100% 1000.0/1000.0 MB 120,000 events 30,000/s',
      '\n',
    ]);
  });

  it('writes a plain line every 5 seconds when not on a terminal', () => {
    const written: string[] = [];
    let now = 0;
    const sut = new ProgressReporter({ write: (text) => written.push(text) }, { now: () => now });

    for (now = 0; now <= 12_000; now += 1000) sut.update(progress());
    sut.done(progress());

    expect(written).toHaveLength(3);
  });
});
