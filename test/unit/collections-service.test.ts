import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  existsSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectionNode, SavedRequest } from '../../preload/contract';
import {
  CollectionService,
  type CollectionChange,
  type CollectionServiceOptions,
} from '../../main/core/collections/collection-service';
import { isAppError } from '../../main/core/errors';

const services: CollectionService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.dispose();
});

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A service with its own data dir; `changes` collects the events it pushes. */
function makeService(options: Partial<CollectionServiceOptions> = {}) {
  const changes: CollectionChange[] = [];
  const waiters: {
    test: (c: CollectionChange) => boolean;
    resolve: (c: CollectionChange) => void;
  }[] = [];
  const service = new CollectionService({
    dataDir: options.dataDir ?? tempDir('soc-col-data-'),
    watch: { debounceMs: 50, ...options.watch },
    ...options,
    onChanged: (change) => {
      changes.push(change);
      for (const w of [...waiters]) {
        if (w.test(change)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(change);
        }
      }
    },
  });
  services.push(service);
  /** Resolves with the first event that passes `test`; fails after `timeoutMs` (no fixed sleeps). */
  const nextChange = (test: (c: CollectionChange) => boolean, timeoutMs = 8000) =>
    new Promise<CollectionChange>((resolve, reject) => {
      const seen = changes.find(test);
      if (seen) return resolve(seen);
      const timer = setTimeout(
        () => reject(new Error('no collections:changed event in time')),
        timeoutMs,
      );
      waiters.push({ test, resolve: (c) => (clearTimeout(timer), resolve(c)) });
    });
  return { service, changes, nextChange };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return isAppError(err) ? err.code : `not an AppError: ${String(err)}`;
  }
  return undefined;
}

const listThreats: SavedRequest = {
  name: 'List threats',
  method: 'GET',
  url: 'threats',
  query: [{ name: 'limit', value: '10', enabled: true }],
  headers: [],
  body: { kind: 'none' },
  connection: 'Demo — SentinelOne',
};

function names(nodes: CollectionNode[]): unknown[] {
  return nodes.map((n) =>
    n.kind === 'folder' ? { [n.name]: names(n.children) } : `${n.kind}:${n.path}`,
  );
}

async function newCollection(service: CollectionService) {
  const root = tempDir('soc-col-');
  const summary = await service.openFolder(root, true, 'Triage');
  return { root, id: summary.id, summary };
}

describe('opening collections', () => {
  it('creates collection.yaml only in an empty folder it was asked to, and remembers the list', async () => {
    const dataDir = tempDir('soc-col-data-');
    const { service } = makeService({ dataDir });
    expect(await codeOf(service.openFolder('relative/dir', true))).toBe('collection_path_invalid');
    expect(await codeOf(service.openFolder(join(tempDir('soc-col-'), 'a', 'b'), true))).toBe(
      'collection_not_found',
    );
    const busy = tempDir('soc-col-');
    writeFileSync(join(busy, 'notes.txt'), 'hello');
    expect(await codeOf(service.openFolder(busy))).toBe('collection_not_found');
    expect(await codeOf(service.openFolder(busy, true))).toBe('collection_not_empty');
    expect(existsSync(join(busy, 'collection.yaml'))).toBe(false);
    const file = join(busy, 'notes.txt');
    expect(await codeOf(service.openFolder(file))).toBe('collection_path_invalid');

    const root = tempDir('soc-col-');
    mkdirSync(join(root, '.git')); // a fresh `git init` still counts as empty
    const opened = await service.openFolder(root, true, 'Triage');
    expect(opened).toMatchObject({ name: 'Triage', tree: [], variables: {}, secretVariables: [] });
    expect(opened.id).toMatch(/^col-[0-9a-f]{16}$/);
    expect(readFileSync(join(root, 'collection.yaml'), 'utf8')).toBe('version: 1\nname: Triage\n');
    expect((await service.openFolder(root)).id).toBe(opened.id);
    expect(JSON.parse(readFileSync(join(dataDir, 'collections.json'), 'utf8'))).toEqual({
      version: 1,
      collections: [{ path: opened.root }],
    });

    // After a restart the collection is open again under the same id.
    const again = makeService({ dataDir }).service;
    expect((await again.list()).collections.map((c) => c.id)).toEqual([opened.id]);
    expect(await again.close(opened.id)).toBe(true);
    expect((await again.list()).collections).toEqual([]);
    expect(existsSync(join(root, 'collection.yaml'))).toBe(true);
  });

  it('keeps a collection whose folder disappeared listed, with the reason', async () => {
    const dataDir = tempDir('soc-col-data-');
    writeFileSync(
      join(dataDir, 'collections.json'),
      JSON.stringify({ version: 1, collections: [{ path: '/nonexistent/soc-collection' }] }),
    );
    const { service } = makeService({ dataDir });
    const [c] = (await service.list()).collections;
    expect(c!.problem).toMatch(/cannot be found/);
    expect(await codeOf(service.read(c!.id, 'x.yaml'))).toBe('collection_not_found');
  });
});

describe('the tree', () => {
  it('lists folders and requests in order, marks unreadable files, skips hidden entries and links', async () => {
    const { service } = makeService();
    const { root, id } = await newCollection(service);
    mkdirSync(join(root, 'Threats'));
    mkdirSync(join(root, 'Agents'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'x.yaml'), 'version: 1\nname: hidden\nmethod: GET\nurl: x\n');
    writeFileSync(
      join(root, 'Threats', 'b.yaml'),
      'version: 1\nname: B second\nmethod: GET\nurl: threats\n',
    );
    writeFileSync(
      join(root, 'Threats', 'a.yaml'),
      'version: 1\nname: A first\nmethod: POST\nurl: threats/incident\n',
    );
    writeFileSync(join(root, 'Threats', 'broken.yaml'), '<<<<<<< HEAD\nname: x\n');
    writeFileSync(
      join(root, 'Threats', '_folder.yaml'),
      'version: 1\nname: Threat triage\norder:\n  - b.yaml\n',
    );
    writeFileSync(
      join(root, 'Agents', 'list.yml'),
      'version: 1\nname: List agents\nmethod: GET\nurl: agents\n',
    );
    writeFileSync(join(root, 'README.md'), '# not a request');
    symlinkSync(tempDir('soc-outside-'), join(root, 'linked'));
    const [summary] = (await service.list(id)).collections;
    expect(names(summary!.tree)).toEqual([
      { Agents: ['request:Agents/list.yml'] },
      {
        'Threat triage': [
          'request:Threats/b.yaml',
          'request:Threats/a.yaml',
          'invalid:Threats/broken.yaml',
        ],
      },
    ]);
    const threats = summary!.tree[1] as Extract<CollectionNode, { kind: 'folder' }>;
    expect(threats.children[1]).toEqual({
      kind: 'request',
      name: 'A first',
      path: 'Threats/a.yaml',
      method: 'POST',
      url: 'threats/incident',
    });
    expect(threats.children[2]).toMatchObject({
      kind: 'invalid',
      error: expect.stringMatching(/YAML|version/),
    });
  });
});

describe('saving and reading requests', () => {
  it('round-trips a request and writes identical bytes when nothing changed', async () => {
    const { service } = makeService();
    const { root, id } = await newCollection(service);
    const saved = await service.save(id, { request: listThreats });
    expect(saved).toMatchObject({ path: 'list-threats.yaml', created: true, changed: true });
    const file = join(root, 'list-threats.yaml');
    const bytes = readFileSync(file, 'utf8');
    const mtime = statSync(file).mtimeMs;
    const read = await service.read(id, saved.path);
    expect(read.request).toEqual(listThreats);
    expect(read.revision).toBe(saved.revision);

    const again = await service.save(id, {
      path: saved.path,
      request: read.request,
      expectedRevision: read.revision,
    });
    expect(again).toMatchObject({
      path: saved.path,
      created: false,
      changed: false,
      revision: saved.revision,
    });
    expect(readFileSync(file, 'utf8')).toBe(bytes);
    expect(statSync(file).mtimeMs).toBe(mtime);

    // Same name again: a new file next to it, never over it.
    expect((await service.save(id, { request: listThreats })).path).toBe('list-threats-2.yaml');
    // Into a folder; `collection.yaml` and `_folder.yaml` are never request files, anywhere.
    mkdirSync(join(root, 'Agents'));
    expect(
      (
        await service.save(id, {
          folder: 'Agents',
          request: { ...listThreats, name: 'Collection' },
        })
      ).path,
    ).toBe('Agents/collection-2.yaml');
    // At the top level `collection.yaml` is taken.
    expect((await service.save(id, { request: { ...listThreats, name: 'Collection' } })).path).toBe(
      'collection-2.yaml',
    );
    expect(readFileSync(join(root, 'collection.yaml'), 'utf8')).toBe('version: 1\nname: Triage\n');
    expect(await codeOf(service.save(id, { path: 'collection.yaml', request: listThreats }))).toBe(
      'collection_path_invalid',
    );
    expect(await codeOf(service.save(id, { folder: 'Missing', request: listThreats }))).toBe(
      'collection_not_found',
    );
  });

  it('refuses to overwrite a file changed on disk since it was read', async () => {
    const { service } = makeService();
    const { root, id } = await newCollection(service);
    const saved = await service.save(id, { request: listThreats });
    writeFileSync(
      join(root, saved.path),
      readFileSync(join(root, saved.path), 'utf8').replace('"10"', '"20"'),
    );
    const edited = { ...listThreats, description: 'mine' };
    const err = await service
      .save(id, { path: saved.path, request: edited, expectedRevision: saved.revision })
      .catch((e) => e);
    expect(err.code).toBe('collection_conflict');
    expect(readFileSync(join(root, saved.path), 'utf8')).toContain('"20"');
    // A file from a newer console is never overwritten.
    writeFileSync(join(root, 'newer.yaml'), 'version: 9\nname: x\n');
    expect(await codeOf(service.save(id, { path: 'newer.yaml', request: listThreats }))).toBe(
      'newer_data',
    );
  });

  it('refuses a literal credential and writes nothing', async () => {
    const known = 'canary-token-7f3a9c';
    const { service } = makeService({ containsSecret: (text) => text.includes(known) });
    const { root, id } = await newCollection(service);
    const withToken = {
      ...listThreats,
      headers: [{ name: 'Authorization', value: 'ApiToken abc123def', enabled: true }],
    };
    const err = await service.save(id, { request: withToken }).catch((e) => e);
    expect(err.code).toBe('secret_not_allowed');
    expect(err.message).toMatch(/header "Authorization".*\{\{S1_API_TOKEN\}\}/);
    for (const h of [
      { name: 'Cookie', value: 'session=abc' },
      { name: 'X-Api-Key', value: 'k-1234' },
    ]) {
      expect(
        await codeOf(
          service.save(id, { request: { ...listThreats, headers: [{ ...h, enabled: true }] } }),
        ),
      ).toBe('secret_not_allowed');
    }
    // A value main knows to be a secret is refused wherever it hides.
    expect(
      await codeOf(service.save(id, { request: { ...listThreats, description: `see ${known}` } })),
    ).toBe('secret_not_allowed');
    expect(readdirSync(root).filter((n) => n !== 'collection.yaml')).toEqual([]);
    // The variable form is what it asks for, and that is saved.
    const ok = await service.save(id, {
      request: {
        ...listThreats,
        headers: [{ name: 'Authorization', value: 'ApiToken {{S1_API_TOKEN}}', enabled: true }],
      },
    });
    expect(ok.created).toBe(true);
    expect(await codeOf(service.saveSettings(id, { variables: { apiToken: 'abc123' } }))).toBe(
      'secret_not_allowed',
    );
    const settings = await service.saveSettings(id, {
      variables: { limit: '50' },
      secretVariables: ['S1_API_TOKEN'],
    });
    expect(settings).toMatchObject({
      variables: { limit: '50' },
      secretVariables: ['S1_API_TOKEN'],
    });
  });
});

describe('renaming, moving and deleting', () => {
  it('renames requests and folders, keeping folder order in step', async () => {
    const { service } = makeService();
    const { root, id } = await newCollection(service);
    await service.createFolder(id, '', 'Threats');
    const a = await service.save(id, { folder: 'Threats', request: listThreats });
    const b = await service.save(id, {
      folder: 'Threats',
      request: { ...listThreats, name: 'Resolve' },
    });
    await service.setFolderOrder(id, 'Threats', ['resolve.yaml', 'list-threats.yaml']);

    const renamed = await service.rename(id, a.path, 'Unresolved threats');
    expect(renamed.path).toBe('Threats/unresolved-threats.yaml');
    expect(existsSync(join(root, a.path))).toBe(false);
    expect((await service.read(id, renamed.path)).request.name).toBe('Unresolved threats');
    expect(readFileSync(join(root, 'Threats', '_folder.yaml'), 'utf8')).toBe(
      'version: 1\norder:\n  - resolve.yaml\n  - unresolved-threats.yaml\n',
    );
    // A rename onto an existing file's name picks the next free one.
    expect((await service.rename(id, renamed.path, 'Resolve')).path).toBe('Threats/resolve-2.yaml');
    expect((await service.read(id, b.path)).request.name).toBe('Resolve');

    const folder = await service.rename(id, 'Threats', 'Threat triage');
    expect(folder.path).toBe('Threat triage');
    expect(existsSync(join(root, 'Threat triage', 'resolve.yaml'))).toBe(true);
    await service.createFolder(id, '', 'Agents');
    expect(await codeOf(service.rename(id, 'Agents', 'threat TRIAGE'))).toBe('collection_conflict');
    expect(await codeOf(service.createFolder(id, '', 'agents'))).toBe('collection_conflict');
    expect(await codeOf(service.rename(id, '', 'x'))).toBe('collection_path_invalid');
  });

  it('moves requests and folders inside the collection', async () => {
    const { service } = makeService();
    const { root, id } = await newCollection(service);
    await service.createFolder(id, '', 'A');
    await service.createFolder(id, 'A', 'Inner');
    await service.createFolder(id, '', 'B');
    const r = await service.save(id, { request: listThreats });
    await service.save(id, { folder: 'B', request: listThreats });
    expect((await service.move(id, r.path, 'A/Inner')).path).toBe('A/Inner/list-threats.yaml');
    // Taken in the target: the next free name.
    expect((await service.move(id, 'A/Inner/list-threats.yaml', 'B')).path).toBe(
      'B/list-threats-2.yaml',
    );
    expect(await codeOf(service.move(id, 'A', 'A/Inner'))).toBe('collection_path_invalid');
    expect((await service.move(id, 'A', 'B')).path).toBe('B/A');
    expect(existsSync(join(root, 'B', 'A', 'Inner'))).toBe(true);
    expect(await codeOf(service.move(id, 'B/list-threats.yaml', 'Nowhere'))).toBe(
      'collection_not_found',
    );
  });

  it('deletes files, and folders only when empty or asked to', async () => {
    const { service } = makeService();
    const { root, id } = await newCollection(service);
    await service.createFolder(id, '', 'Old');
    const r = await service.save(id, { folder: 'Old', request: listThreats });
    expect(await codeOf(service.remove(id, 'Old'))).toBe('collection_not_empty');
    expect(await service.remove(id, r.path)).toEqual({ deleted: true });
    expect(await service.remove(id, 'Old')).toEqual({ deleted: true });
    await service.createFolder(id, '', 'Full');
    await service.save(id, { folder: 'Full', request: listThreats });
    expect(await service.remove(id, 'Full', true)).toEqual({ deleted: true });
    expect(readdirSync(root)).toEqual(['collection.yaml']);
    expect(await codeOf(service.remove(id, ''))).toBe('collection_path_invalid');
    expect(await codeOf(service.remove(id, 'collection.yaml'))).toBe('collection_not_found');
    expect(await codeOf(service.remove(id, 'gone.yaml'))).toBe('collection_not_found');
  });
});

describe('paths cannot leave the collection', () => {
  it('refuses ../, absolute paths, hidden folders and symbolic links', async () => {
    const { service } = makeService();
    const { root, id } = await newCollection(service);
    const outside = tempDir('soc-outside-');
    writeFileSync(join(outside, 'secret.yaml'), 'version: 1\nname: outside\nmethod: GET\nurl: x\n');
    symlinkSync(outside, join(root, 'linked-dir'));
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'linked.yaml'));
    mkdirSync(join(root, 'inside'));

    const attempts: [string, () => Promise<unknown>][] = [
      ['read ../', () => service.read(id, '../secret.yaml')],
      ['read nested ../', () => service.read(id, 'inside/../../secret.yaml')],
      ['read absolute', () => service.read(id, join(outside, 'secret.yaml'))],
      ['read through a linked folder', () => service.read(id, 'linked-dir/secret.yaml')],
      ['read a linked file', () => service.read(id, 'linked.yaml')],
      ['save ../', () => service.save(id, { path: '../evil.yaml', request: listThreats })],
      [
        'save absolute',
        () => service.save(id, { path: join(outside, 'evil.yaml'), request: listThreats }),
      ],
      [
        'save into a linked folder',
        () => service.save(id, { folder: 'linked-dir', request: listThreats }),
      ],
      [
        'save over a linked file',
        () => service.save(id, { path: 'linked.yaml', request: listThreats }),
      ],
      ['save into .git', () => service.save(id, { path: '.git/hooks.yaml', request: listThreats })],
      ['create a folder outside', () => service.createFolder(id, '..', 'x')],
      ['move out', () => service.move(id, 'inside', '../')],
      ['delete through a link', () => service.remove(id, 'linked-dir/secret.yaml')],
      ['delete the link itself', () => service.remove(id, 'linked-dir', true)],
      ['rename through a link', () => service.rename(id, 'linked.yaml', 'x')],
    ];
    for (const [what, attempt] of attempts) {
      expect(await codeOf(attempt()), what).toBe('collection_path_invalid');
    }
    expect(readFileSync(join(outside, 'secret.yaml'), 'utf8')).toContain('outside');
    expect(readdirSync(outside)).toEqual(['secret.yaml']);
    expect(existsSync(join(root, '..', 'evil.yaml'))).toBe(false);
  });
});

describe('watching for changes made outside the console', () => {
  it('reports an external write (native watch) and not its own saves', async () => {
    const { service, changes, nextChange } = makeService();
    const { root, id, summary } = await newCollection(service);
    expect(summary.watching).toBe('native');
    await service.save(id, { request: listThreats });
    mkdirSync(join(root, 'pulled'));
    writeFileSync(
      join(root, 'pulled', 'from-git.yaml'),
      'version: 1\nname: From git\nmethod: GET\nurl: agents\n',
    );
    const change = await nextChange(
      (c) => c.collectionId === id && !!c.paths?.includes('pulled/from-git.yaml'),
    );
    expect(change.paths).not.toContain('list-threats.yaml');
    // Events arrive in order, so one for the console's own save would have come by now.
    expect(changes.flatMap((c) => c.paths ?? [])).not.toContain('list-threats.yaml');
  });

  it('falls back to polling the tree', async () => {
    const { service, nextChange } = makeService({
      watch: { mode: 'poll', pollMs: 40, debounceMs: 20 },
    });
    const { root, id, summary } = await newCollection(service);
    expect(summary.watching).toBe('polling');
    await service.save(id, { request: listThreats });
    writeFileSync(
      join(root, 'edited-elsewhere.yaml'),
      'version: 1\nname: E\nmethod: GET\nurl: x\n',
    );
    const change = await nextChange((c) => !!c.paths?.includes('edited-elsewhere.yaml'));
    expect(change.collectionId).toBe(id);
    expect(change.paths).not.toContain('list-threats.yaml');
  });
});
