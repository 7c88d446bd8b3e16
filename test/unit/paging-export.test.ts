import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField, csvRow, flattenItem } from '../../main/core/paging/csv';
import { exportItems } from '../../main/core/paging/export-items';
import { PagingFiles } from '../../main/core/paging/paging-files';
import { parseCsv } from '../helpers/csv';

const safe = { spreadsheetSafe: true };

describe('CSV', () => {
  it('flattens nested objects with dotted names and keeps arrays as JSON', () => {
    const cells = flattenItem(
      {
        id: '1',
        threatInfo: { threatName: 'Eicar', confidenceLevel: 'malicious', nested: { deep: 2 } },
        indicators: [{ category: 'x' }],
        empty: {},
        none: null,
        flag: false,
      },
      safe,
    );
    expect(Object.fromEntries(cells)).toEqual({
      id: '1',
      'threatInfo.threatName': 'Eicar',
      'threatInfo.confidenceLevel': 'malicious',
      'threatInfo.nested.deep': '2',
      indicators: '[{"category":"x"}]',
      empty: '{}',
      none: '',
      flag: 'false',
    });
    expect(Object.fromEntries(flattenItem('plain', safe))).toEqual({ value: 'plain' });
  });

  it('quotes per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvRow(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('keeps a spreadsheet from running attacker-made text as a formula, unless told not to', () => {
    expect(flattenItem({ n: '=HYPERLINK("x")' }, safe).get('n')).toBe(`'=HYPERLINK("x")`);
    expect(flattenItem({ n: '@SUM(A1)' }, safe).get('n')).toBe(`'@SUM(A1)`);
    expect(flattenItem({ n: -5 }, safe).get('n')).toBe('-5');
    expect(flattenItem({ n: '=1' }, { spreadsheetSafe: false }).get('n')).toBe('=1');
  });
});

describe('export and chunked reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'soc-paging-'));
  const source = join(dir, 'merged.jsonl');
  const items = [
    { id: '1', name: 'ä,"b"', threatInfo: { sha1: 'aa' } },
    { id: '2', extra: [1, 2], threatInfo: { sha1: 'bb', threatName: 'line\nbreak' } },
  ];
  writeFileSync(source, items.map((i) => JSON.stringify(i)).join('\n') + '\n');

  it('JSON and NDJSON round-trip', async () => {
    const json = await exportItems(source, join(dir, 'out.json'), 'json', safe);
    expect(json.rows).toBe(2);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toEqual(items);
    const nd = await exportItems(source, join(dir, 'out.ndjson'), 'ndjson', safe);
    expect(nd.rows).toBe(2);
    const lines = readFileSync(join(dir, 'out.ndjson'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(items);
  });

  it('an empty result is still valid JSON', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    await exportItems(empty, join(dir, 'empty.json'), 'json', safe);
    expect(JSON.parse(readFileSync(join(dir, 'empty.json'), 'utf8'))).toEqual([]);
  });

  it('CSV: header is the union of names in first-seen order', async () => {
    const out = await exportItems(source, join(dir, 'out.csv'), 'csv', safe);
    expect(out.columns).toEqual([
      'id',
      'name',
      'threatInfo.sha1',
      'extra',
      'threatInfo.threatName',
    ]);
    const rows = parseCsv(readFileSync(join(dir, 'out.csv'), 'utf8'));
    expect(rows).toEqual([
      out.columns,
      ['1', 'ä,"b"', 'aa', '', ''],
      ['2', '', 'bb', '[1,2]', 'line\nbreak'],
    ]);
  });

  it('reads a file in chunks that never split a character', async () => {
    const files = new PagingFiles(dir);
    await mkdir(files.spoolDir, { recursive: true });
    const id = files.newMergedId();
    const text = 'aé€😀'.repeat(50);
    writeFileSync(files.mergedPath(id), text);
    for (const size of [1, 2, 3, 5, 7, 64]) {
      let offset = 0;
      let joined = '';
      for (;;) {
        const chunk = await files.read(id, offset, size);
        joined += chunk.text;
        expect(chunk.nextOffset).toBeGreaterThan(offset);
        offset = chunk.nextOffset;
        if (chunk.eof) break;
      }
      expect(joined).toBe(text);
    }
    await expect(files.read('fetchall-0000000000000000', 0, 10)).rejects.toMatchObject({
      code: 'not_available',
    });
    await expect(files.read('../etc/passwd', 0, 10)).rejects.toMatchObject({
      code: 'not_available',
    });
  });
});
