import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AppErrorShape,
  CollectionSummary,
  ConnectionSummary,
  CurlImport,
  EventPayload,
  PostmanImportResult,
  SavedRequest,
} from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { createTestCore } from '../helpers/app-harness';

let core: AppCore;
const ctx = { emit: () => undefined };
const changes: EventPayload<'collections:changed'>[] = [];
let unsubscribe: () => void;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input, ctx);
  if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.message}`), r.error);
  return r.value as T;
}

async function failure(channel: string, input: unknown): Promise<AppErrorShape> {
  const r = await core.dispatch(channel, input, ctx);
  if (r.ok) throw new Error(`${channel} succeeded`);
  return r.error;
}

/** Waits for a pushed event, failing after a bound (never a fixed sleep). */
function nextChange(test: (c: EventPayload<'collections:changed'>) => boolean) {
  return new Promise<EventPayload<'collections:changed'>>((resolve, reject) => {
    const found = changes.find(test);
    if (found) return resolve(found);
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no collections:changed event'));
    }, 8000);
    const stop = core.events.subscribe((event, payload) => {
      if (event !== 'collections:changed') return;
      const change = payload as EventPayload<'collections:changed'>;
      if (!test(change)) return;
      clearTimeout(timer);
      stop();
      resolve(change);
    });
  });
}

async function open(name: string): Promise<{ root: string; collection: CollectionSummary }> {
  const root = mkdtempSync(join(tmpdir(), 'soc-col-it-'));
  return {
    root,
    collection: await call<CollectionSummary>('collections:open', {
      path: root,
      create: true,
      name,
    }),
  };
}

const request: SavedRequest = {
  name: 'Infected agents',
  method: 'GET',
  url: 'agents',
  query: [
    { name: 'isInfected', value: 'true', enabled: true },
    { name: 'limit', value: '{{pageSize}}', enabled: true },
  ],
  headers: [{ name: 'Accept', value: 'application/json', enabled: true }],
  body: { kind: 'none' },
  connection: 'Demo — SentinelOne',
  tags: ['agents'],
};

beforeAll(() => {
  core = createTestCore().core;
  unsubscribe = core.events.subscribe((event, payload) => {
    if (event === 'collections:changed')
      changes.push(payload as EventPayload<'collections:changed'>);
  });
});

afterAll(async () => {
  unsubscribe();
  await core.dispose();
});

describe('collections over the contract', () => {
  it('opens, saves, lists, reads, renames, moves and deletes', async () => {
    const { root, collection } = await open('Agents work');
    const id = collection.id;
    expect(
      (
        await call<{ path: string }>('collections:create-folder', {
          collectionId: id,
          name: 'Infected',
        })
      ).path,
    ).toBe('Infected');
    const saved = await call<{ path: string; revision: string; created: boolean }>(
      'collections:save',
      {
        collectionId: id,
        folder: 'Infected',
        request,
      },
    );
    expect(saved).toMatchObject({ path: 'Infected/infected-agents.yaml', created: true });
    const { collections } = await call<{ collections: CollectionSummary[] }>('collections:list', {
      collectionId: id,
    });
    expect(collections[0]!.tree).toEqual([
      {
        kind: 'folder',
        name: 'Infected',
        path: 'Infected',
        children: [
          {
            kind: 'request',
            name: 'Infected agents',
            path: saved.path,
            method: 'GET',
            url: 'agents',
          },
        ],
      },
    ]);
    const read = await call<{ request: SavedRequest; revision: string }>('collections:read', {
      collectionId: id,
      path: saved.path,
    });
    expect(read.request).toEqual(request);
    expect(read.revision).toBe(saved.revision);

    const renamed = await call<{ path: string }>('collections:rename', {
      collectionId: id,
      path: saved.path,
      name: 'Infected Windows agents',
    });
    expect(renamed.path).toBe('Infected/infected-windows-agents.yaml');
    const moved = await call<{ path: string }>('collections:move', {
      collectionId: id,
      path: renamed.path,
      toFolder: '',
    });
    expect(moved.path).toBe('infected-windows-agents.yaml');
    await call('collections:save', { collectionId: id, folder: 'Infected', request });
    const notEmpty = await failure('collections:delete', { collectionId: id, path: 'Infected' });
    expect(notEmpty.code).toBe('collection_not_empty');
    await call('collections:delete', { collectionId: id, path: 'Infected', recursive: true });
    await call('collections:delete', { collectionId: id, path: moved.path });
    expect(readdirSync(root)).toEqual(['collection.yaml']);
    await call('collections:close', { collectionId: id });
    const left = await call<{ collections: CollectionSummary[] }>('collections:list', {});
    expect(left.collections.map((c) => c.id)).not.toContain(id);
  });

  it('pushes collections:changed when a file changes on disk (a git pull)', async () => {
    const { root, collection } = await open('Watched');
    writeFileSync(join(root, 'pulled.yaml'), 'version: 1\nname: Pulled\nmethod: GET\nurl: sites\n');
    const change = await nextChange((c) => c.collectionId === collection.id);
    expect(change.paths).toEqual(['pulled.yaml']);
    const { collections } = await call<{ collections: CollectionSummary[] }>('collections:list', {
      collectionId: collection.id,
    });
    expect(collections[0]!.tree.map((n) => n.name)).toEqual(['Pulled']);
  });

  it('refuses paths outside the collection and malformed ids before touching the disk', async () => {
    const { collection } = await open('Guarded');
    for (const path of ['../../etc/passwd', '/etc/passwd', 'a/../../x.yaml']) {
      expect((await failure('collections:read', { collectionId: collection.id, path })).code).toBe(
        'collection_path_invalid',
      );
    }
    expect((await failure('collections:read', { collectionId: '../x', path: 'a.yaml' })).code).toBe(
      'invalid_input',
    );
    expect(
      (await failure('collections:read', { collectionId: 'col-0000000000000000', path: 'a.yaml' }))
        .code,
    ).toBe('collection_not_found');
  });

  it('never writes a secret: literal credentials, and any value main knows to be secret', async () => {
    const { root, collection } = await open('Secrets');
    const conn = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'Acme',
        kind: 'generic',
        baseUrl: 'https://api.acme.example.test',
        environment: 'staging',
        auth: { scheme: 'Bearer' },
      },
    });
    const token = 'known-secret-93b1f0c4aa';
    await call('secrets:set', {
      connectionId: conn.id,
      kind: 'token',
      value: token,
      storage: 'session',
    });
    const literal = await failure('collections:save', {
      collectionId: collection.id,
      request: {
        ...request,
        headers: [{ name: 'Authorization', value: `Bearer ${token}`, enabled: true }],
      },
    });
    expect(literal.code).toBe('secret_not_allowed');
    const hidden = await failure('collections:save', {
      collectionId: collection.id,
      request: { ...request, headers: [{ name: 'X-Trace', value: token, enabled: true }] },
    });
    expect(hidden.code).toBe('secret_not_allowed');
    expect(JSON.stringify([literal, hidden])).not.toContain(token);
    expect(readdirSync(root)).toEqual(['collection.yaml']);
  });

  it('a pasted cURL command becomes a saved file without its token', async () => {
    const { root, collection } = await open('From cURL');
    const token = 'pasted-token-4e1d9b7a';
    const imported = await call<CurlImport>('imports:curl', {
      command: `curl -H 'Authorization: Bearer ${token}' -H 'Accept: application/json' 'https://api.example.test/v1/alerts?status=open'`,
    });
    expect(imported.credential).toMatchObject({ kind: 'bearer', placeholderHint: 'API_TOKEN' });
    const saved = await call<{ path: string }>('collections:save', {
      collectionId: collection.id,
      request: {
        ...imported.request,
        headers: [
          ...imported.request.headers,
          { name: 'Authorization', value: 'Bearer {{API_TOKEN}}', enabled: true },
        ],
      },
    });
    const text = readFileSync(join(root, saved.path), 'utf8');
    expect(text).toContain('value: Bearer {{API_TOKEN}}');
    expect(text).not.toContain(token);
  });

  it('a Postman export imports back into the same requests (plus the auth header it names)', async () => {
    const { collection: source } = await open('Round trip');
    await call('collections:save-settings', {
      collectionId: source.id,
      variables: { pageSize: '25' },
      secretVariables: ['S1_API_TOKEN'],
    });
    await call('collections:create-folder', { collectionId: source.id, name: 'Threats' });
    const post: SavedRequest = {
      name: 'Add note',
      method: 'POST',
      url: 'threats/notes',
      query: [],
      headers: [],
      body: { kind: 'json', text: '{"filter":{"ids":["{{threatId}}"]},"data":{"text":"seen"}}' },
      description: 'Leaves a note on the threat.',
    };
    const form: SavedRequest = {
      name: 'Form',
      method: 'PUT',
      url: 'https://other.example.test/form/{id}',
      query: [{ name: 'dry', value: 'true', enabled: false }],
      headers: [],
      body: { kind: 'form', fields: [{ name: 'a', value: '1', enabled: true }] },
    };
    await call('collections:save', { collectionId: source.id, folder: 'Threats', request: post });
    await call('collections:save', {
      collectionId: source.id,
      request: { ...request, tags: undefined, connection: undefined },
    });
    await call('collections:save', { collectionId: source.id, request: form });
    const demo = (await call<ConnectionSummary[]>('connections:list', {})).find(
      (c) => c.id === 'demo-sentinelone',
    )!;
    const exported = await call<{ json: string }>('collections:export-postman', {
      collectionId: source.id,
      connectionId: demo.id,
    });

    const { collection: target } = await open('Round trip (imported)');
    const result = await call<PostmanImportResult>('collections:import-postman', {
      json: exported.json,
      targetCollectionId: target.id,
    });
    expect(result.folders).toEqual(['Threats']);
    expect(result.variablesAdded).toEqual(['pageSize']);
    expect(result.secretVariablesAdded).toEqual(['S1_API_TOKEN']);
    const auth = { name: 'Authorization', value: 'ApiToken {{S1_API_TOKEN}}', enabled: true };
    const back = async (path: string) =>
      (await call<{ request: SavedRequest }>('collections:read', { collectionId: target.id, path }))
        .request;
    expect(await back('Threats/add-note.yaml')).toEqual({ ...post, headers: [auth] });
    expect(await back('infected-agents.yaml')).toEqual({
      ...request,
      tags: undefined,
      connection: undefined,
      headers: [auth, ...request.headers],
    });
    expect(await back('form.yaml')).toEqual({ ...form, headers: [auth] });
  });
});
