import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BodyService, MAX_JSONPATH_BYTES } from '../../main/core/bodies/body-service';

let dataDir: string;
let spoolDir: string;
let service: BodyService;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'soc-bodies-'));
  spoolDir = join(dataDir, 'responses');
  await mkdir(spoolDir, { recursive: true });
  service = new BodyService({ spoolDir, dataDir });
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function spool(id: string, content: string | Buffer): Promise<string> {
  await writeFile(join(spoolDir, `${id}.body`), content);
  return `${id}.body`;
}

const doc = {
  data: [
    { id: '1', name: 'Alpha' },
    { id: '2', name: 'Beta' },
  ],
  pagination: { totalItems: 2 },
};

describe('body handles', () => {
  it.each(['../connections.json', '..%2Fx.body', 'a/b.body', 'x.json', '.body', 'x.body/..'])(
    'refuses %j as a file id',
    async (fileId) => {
      await expect(service.info(fileId)).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(service.release(fileId)).rejects.toMatchObject({ code: 'invalid_input' });
    },
  );

  it('answers not_found for a body that is gone, and refuses a link in the spool folder', async () => {
    await expect(service.info('nope.body')).rejects.toMatchObject({ code: 'not_found' });
    await writeFile(join(dataDir, 'secret.txt'), 'not a body');
    await symlink(join(dataDir, 'secret.txt'), join(spoolDir, 'linked.body'));
    await expect(service.read('linked.body', 0, 100)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('sniffs JSON, text and binary, and prefers the Content-Type the send path noted', async () => {
    const json = await spool('j', `\n  ${JSON.stringify(doc)}`);
    const text = await spool('t', 'hello é\n');
    const bin = await spool('b', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    expect(await service.info(json)).toMatchObject({
      size: JSON.stringify(doc).length + 3,
      isJson: true,
      encoding: 'utf-8',
      contentType: 'application/json',
      contentTypeFromServer: false,
      lines: null,
      prettyLines: null,
    });
    expect(await service.info(text)).toMatchObject({
      isJson: false,
      contentType: 'text/plain; charset=utf-8',
    });
    expect(await service.info(bin)).toMatchObject({ encoding: 'binary', isJson: false });
    const noted = await spool('n', '{"a":1}');
    service.noteContentType(noted, 'text/csv');
    expect(await service.info(noted)).toMatchObject({
      contentType: 'text/csv',
      isJson: false,
      contentTypeFromServer: true,
    });
  });

  it('builds indexes with progress, then reports the line counts', async () => {
    const big = {
      data: Array.from({ length: 5000 }, (_, i) => ({ id: String(i), tags: ['a', 'b'] })),
    };
    const fileId = await spool('big', JSON.stringify(big));
    const progress = vi.fn();
    const pretty = await service.index(fileId, 'pretty', progress);
    const expectedLines = JSON.stringify(big, null, 2).split('\n').length;
    expect(pretty).toMatchObject({ view: 'pretty', lines: expectedLines, longestLineBytes: null });
    expect(progress).toHaveBeenLastCalledWith(
      expect.objectContaining({ done: true, lines: expectedLines }),
    );
    const raw = await service.index(fileId, 'raw');
    expect(raw).toMatchObject({ lines: 1, longestLineBytes: JSON.stringify(big).length });
    expect(await service.info(fileId)).toMatchObject({ lines: 1, prettyLines: expectedLines });
    const window = await service.prettyLines(fileId, 1, 3, 1000);
    expect(window).toMatchObject({
      fromLine: 1,
      lines: ['  "data": [', '    {', '      "id": "0",'],
      totalLines: expectedLines,
    });
  });

  it('says why there is no pretty view: not JSON, or JSON that does not parse', async () => {
    const text = await spool('t', 'plain text');
    await expect(service.prettyLines(text, 0, 10, 100)).rejects.toMatchObject({
      code: 'invalid_body',
    });
    const torn = await spool('torn', '{"data":[{"id":"1"},{"id":');
    await expect(service.index(torn, 'pretty')).rejects.toMatchObject({
      code: 'invalid_body',
      details: { offset: 26 },
      message: expect.stringMatching(/not valid JSON.*Raw/),
    });
    // The lines before the problem still show.
    expect((await service.prettyLines(torn, 0, 2, 100)).lines).toEqual(['{', '  "data": [']);
  });
});

describe('JSONPath', () => {
  it('evaluates on a small body', async () => {
    const fileId = await spool('j', JSON.stringify(doc));
    expect(await service.jsonpath(fileId, '$.data[*].name')).toEqual({
      count: 2,
      text: JSON.stringify(['Alpha', 'Beta'], null, 2),
      truncated: false,
    });
    const filtered = await service.jsonpath(fileId, "$.data[?(@.id=='2')].name");
    expect(filtered.count).toBe(1);
    await expect(service.jsonpath(fileId, '$.data[?(@.id==)]')).rejects.toMatchObject({
      code: 'invalid_input',
    });
    // Filters run in jsonpath-plus's own interpreter: no way out to Node.
    await expect(service.jsonpath(fileId, '$.data[?(process.exit())]')).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('refuses a body over 64 MiB, pointing to search and the external editor', async () => {
    const fileId = await spool('huge', '[');
    await truncate(join(spoolDir, fileId), MAX_JSONPATH_BYTES + 1); // sparse: no disk used
    await expect(service.jsonpath(fileId, '$[0]')).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/search.*external editor/),
    });
  });
});

describe('save, open, release', () => {
  it('saves a copy, refuses to overwrite unless asked, and leaves no temporary file', async () => {
    const fileId = await spool('s', JSON.stringify(doc));
    const outDir = await mkdtemp(join(tmpdir(), 'soc-save-'));
    try {
      const target = join(outDir, 'threats.json');
      expect(await service.save(fileId, target, false)).toEqual({
        path: target,
        bytes: JSON.stringify(doc).length,
      });
      expect(await readFile(target, 'utf8')).toBe(JSON.stringify(doc));
      await writeFile(target, 'mine');
      await expect(service.save(fileId, target, false)).rejects.toMatchObject({
        code: 'file_exists',
      });
      expect(await readFile(target, 'utf8')).toBe('mine');
      await service.save(fileId, target, true);
      expect(await readFile(target, 'utf8')).toBe(JSON.stringify(doc));
      expect(await readdir(outDir)).toEqual(['threats.json']);
      await expect(service.save(fileId, 'relative.json', false)).rejects.toMatchObject({
        code: 'invalid_input',
      });
      await expect(
        service.save(fileId, join(outDir, 'missing', 'x.json'), false),
      ).rejects.toMatchObject({
        code: 'invalid_input',
      });
      await expect(
        service.save(fileId, join(dataDir, 'connections.json'), true),
      ).rejects.toMatchObject({
        code: 'invalid_input',
      });
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('opens a .json copy with the injected openPath; without one, answers not_available with the path', async () => {
    const fileId = await spool('o', JSON.stringify(doc));
    const failure = await service.openExternal(fileId).catch((e: unknown) => e);
    const path = join(spoolDir, 'open', 'o.json');
    expect(failure).toMatchObject({ code: 'not_available', details: { path } });
    expect(await readFile(path, 'utf8')).toBe(JSON.stringify(doc));

    const openPath = vi.fn(async () => undefined);
    const electron = new BodyService({ spoolDir, dataDir, openPath });
    expect(await electron.openExternal(fileId)).toEqual({ opened: true, path });
    expect(openPath).toHaveBeenCalledWith(path);
    const text = await spool('t', 'plain <script>alert(1)</script>');
    expect((await electron.openExternal(text)).path).toBe(join(spoolDir, 'open', 't.txt'));
  });

  it('release deletes the body and its copy; a second release says it was gone', async () => {
    const fileId = await spool('r', 'bye');
    await service.openExternal(fileId).catch(() => undefined);
    expect(await service.release(fileId)).toEqual({ released: true });
    await expect(stat(join(spoolDir, fileId))).rejects.toThrow();
    await expect(stat(join(spoolDir, 'open', 'r.txt'))).rejects.toThrow();
    expect(await service.release(fileId)).toEqual({ released: false });
    await expect(service.read(fileId, 0, 10)).rejects.toMatchObject({ code: 'not_found' });
  });
});
