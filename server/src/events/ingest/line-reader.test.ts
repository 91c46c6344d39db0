import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { decompress, readLines, type SourceLine } from './line-reader.js';

async function collect(chunks: Array<string | Buffer>, maxLineBytes = 100, maxBytes?: number) {
  const lines: SourceLine[] = [];
  const source = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  for await (const line of readLines(source, { maxLineBytes, maxBytes })) lines.push(line);
  return lines;
}

describe(readLines.name, () => {
  it('splits lines across chunk borders, without their endings or a byte order mark', async () => {
    expect(await collect(['\ufeff{"a"', ':1}\r\n\n{"b":2}\n{"c"', ':3}'])).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '' },
      { number: 3, text: '{"b":2}' },
      { number: 4, text: '{"c":3}' },
    ]);
  });

  it('drops a byte order mark at the start of any line, as a second gzip member has', async () => {
    const members = Buffer.concat([gzipSync('\ufeff{"a":1}\r\n'), gzipSync('\ufeff{"b":2}\r\n')]);
    const lines: SourceLine[] = [];
    for await (const line of readLines(decompress(Readable.from([members])), {
      maxLineBytes: 100,
    })) {
      lines.push(line);
    }

    expect(lines).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '{"b":2}' },
    ]);
  });

  it('keeps multi-byte characters split between chunks whole', async () => {
    const bytes = Buffer.from('{"name":"Grüße"}\n');
    const cut = bytes.indexOf(0xc3) + 1;

    expect(await collect([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([
      { number: 1, text: '{"name":"Grüße"}' },
    ]);
  });

  it('reports a line over the limit without holding it, and goes on', async () => {
    expect(await collect(['short\n', 'x'.repeat(60), 'x'.repeat(60), '\nnext\n'])).toEqual([
      { number: 1, text: 'short' },
      { number: 2, tooLong: true },
      { number: 3, text: 'next' },
    ]);
  });

  it('fails once more than the byte limit was read, naming the last whole line', async () => {
    await expect(collect(['a\nb\n', 'c\nd\n'], 100, 5)).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
      details: { maxBytes: 5, lastLine: 2 },
    });
  });
});

describe(decompress.name, () => {
  const read = async (source: Buffer[], gzip?: boolean) => {
    const out: Buffer[] = [];
    for await (const chunk of decompress(Readable.from(source), gzip)) out.push(chunk);
    return Buffer.concat(out).toString();
  };

  it('passes plain bytes through and gunzips by magic bytes or when told', async () => {
    const packed = gzipSync('one\ntwo\n');

    expect(await read([Buffer.from('one\n')])).toBe('one\n');
    expect(await read([packed.subarray(0, 5), packed.subarray(5)])).toBe('one\ntwo\n');
    expect(await read([packed], true)).toBe('one\ntwo\n');
  });

  it('refuses a body announced as gzip that is not', async () => {
    await expect(read([Buffer.from('plain text')], true)).rejects.toMatchObject({
      code: 'Z_DATA_ERROR',
    });
  });
});
