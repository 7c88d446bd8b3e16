import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../preload/contract';
import { AppError } from '../../main/core/errors';
import { maskOf, previewRequest } from '../../main/core/variables/preview';
import { StorageProblems } from '../../main/core/storage/versioned-file';
import { namedStoreOn } from '../../main/core/variables/named-secret-store';
import { VariableService } from '../../main/core/variables/variable-service';
import { VariablesFile } from '../../main/core/variables/variables-file';
import { switchableKeychain } from '../helpers/app-harness';

const SECRET = 'sv-secret-4f1c-value';

let dir: string;
let keychain: ReturnType<typeof switchableKeychain>;
let learned: Array<[string, string]>;
let problems: StorageProblems;

function service(): VariableService {
  return new VariableService({
    file: new VariablesFile(dir, problems),
    keychain: namedStoreOn(keychain, 'linux'),
    assertConnection: async (id) => {
      if (id !== 'c1' && id !== 'c2') throw new AppError('unknown_connection', `no ${id}`);
    },
    onSecret: (value, name) => void learned.push([value, name]),
  });
}

const spec = (path: string, headers: Array<[string, string]> = []) => ({
  connectionId: 'c1',
  path,
  query: [],
  headers: headers.map(([name, value]) => ({ name, value, enabled: true })),
  body: { kind: 'none' as const },
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'soc-vars-'));
  keychain = switchableKeychain();
  learned = [];
  problems = new StorageProblems();
});

describe('variable scopes', () => {
  it('most specific wins: collection, then connection, then global', async () => {
    const v = service();
    await v.set({ scope: 'global', name: 'x', value: 'g', secret: false, storage: 'keychain' });
    await v.set({ scope: 'global', name: 'y', value: 'gy', secret: false, storage: 'keychain' });
    await v.set({
      scope: { connectionId: 'c1' },
      name: 'x',
      value: 'c',
      secret: false,
      storage: 'keychain',
    });
    const ctx = { connectionId: 'c1' };
    expect((await v.resolve(spec('{{x}}/{{y}}'), ctx)).spec.path).toBe('c/gy');
    expect(
      (await v.resolve({ ...spec('{{x}}'), connectionId: 'c2' }, { connectionId: 'c2' })).spec.path,
    ).toBe('g');
    const withCollection = await v.resolve(spec('{{x}}/{{y}}'), {
      connectionId: 'c1',
      collection: { id: 'col-1', variables: { x: 'col' }, secretNames: [] },
    });
    expect(withCollection.spec.path).toBe('col/gy');
    expect(withCollection.references.map((r) => r.scope)).toEqual(['collection', 'global']);
  });

  it('a collection secret comes from the keychain under the collection scope', async () => {
    const v = service();
    await v.set({
      scope: { collectionId: 'col-1' },
      name: 'tok',
      value: SECRET,
      secret: true,
      storage: 'keychain',
    });
    const r = await v.resolve(spec('x', [['X-T', '{{tok}}']]), {
      connectionId: 'c1',
      collection: { id: 'col-1', variables: { tok: 'not this' }, secretNames: ['tok'] },
    });
    expect(r.spec.headers[0]!.value).toBe(SECRET);
    expect(r.references[0]).toMatchObject({ scope: 'collection', secret: true });
    expect(r.secrets).toEqual([{ name: 'tok', scope: 'collection', value: SECRET }]);
    await expect(
      v.set({
        scope: { collectionId: 'col-1' },
        name: 'plain',
        value: 'v',
        secret: false,
        storage: 'keychain',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('an undefined name is refused with its locations; nothing is guessed', async () => {
    const v = service();
    await v.set({ scope: 'global', name: 'known', value: 'k', secret: false, storage: 'keychain' });
    const err = await v
      .resolveForSend(spec('a/{{known}}/{{nope}}', [['X', '{{ nope }}']]), { connectionId: 'c1' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'undefined_variable',
      details: {
        names: ['nope'],
        references: [
          { name: 'nope', field: 'path', offset: 12, length: 8, scope: null },
          {
            name: 'nope',
            field: 'header',
            row: 0,
            part: 'value',
            offset: 0,
            length: 10,
            scope: null,
          },
        ],
      },
    });
    expect((err as Error).message).toMatch(/\{\{nope\}\}.*Nothing was sent/);
  });

  it('refuses an unknown connection scope and a too-short secret', async () => {
    const v = service();
    await expect(
      v.set({
        scope: { connectionId: 'zz' },
        name: 'a',
        value: 'v',
        secret: false,
        storage: 'keychain',
      }),
    ).rejects.toMatchObject({ code: 'unknown_connection' });
    await expect(
      v.set({ scope: 'global', name: 'a', value: 'abc', secret: true, storage: 'keychain' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('secret variables', () => {
  it('live in the keychain: never in variables.json, listed with a fingerprint only', async () => {
    const v = service();
    const set = await v.set({
      scope: 'global',
      name: 'tok',
      value: SECRET,
      secret: true,
      storage: 'keychain',
    });
    expect(set).toEqual({
      name: 'tok',
      scope: 'global',
      secret: true,
      storage: 'keychain',
      fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expect(JSON.stringify(await v.list({}))).not.toContain(SECRET);
    const file = readFileSync(join(dir, 'variables.json'), 'utf8');
    expect(file).not.toContain(SECRET);
    expect(JSON.parse(file)).toMatchObject({ version: 1, global: { keychainSecrets: ['tok'] } });
    for (const f of await readdir(dir))
      expect(readFileSync(join(dir, f), 'utf8')).not.toContain(SECRET);
    expect(learned).toContainEqual([SECRET, 'tok']);
    // A fresh service (a restart) reads it back from the keychain.
    const again = service();
    expect((await again.resolve(spec('{{tok}}'), { connectionId: 'c1' })).spec.path).toBe(SECRET);
  });

  it('a name is secret or not: switching removes the other copy', async () => {
    const v = service();
    await v.set({ scope: 'global', name: 'n', value: 'plain', secret: false, storage: 'keychain' });
    await v.set({ scope: 'global', name: 'n', value: SECRET, secret: true, storage: 'keychain' });
    expect(await v.list({})).toEqual([expect.objectContaining({ name: 'n', secret: true })]);
    await v.set({
      scope: 'global',
      name: 'n',
      value: 'plain2',
      secret: false,
      storage: 'keychain',
    });
    expect(await v.list({})).toEqual([
      { name: 'n', scope: 'global', secret: false, value: 'plain2' },
    ]);
    expect(await namedStoreOn(keychain).get('vars:global:n')).toBeNull();
  });

  it('keychain down: set says keychain_unavailable, session storage works, lists still render', async () => {
    const v = service();
    await v.set({
      scope: 'global',
      name: 'kept',
      value: SECRET,
      secret: true,
      storage: 'keychain',
    });
    keychain.down = true;
    const err = await v
      .set({
        scope: 'global',
        name: 'tok',
        value: 'another-secret',
        secret: true,
        storage: 'keychain',
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'keychain_unavailable' });
    expect((err as Error).message).toMatch(/session only/);
    const session = await v.set({
      scope: 'global',
      name: 'tok',
      value: 'another-secret',
      secret: true,
      storage: 'session',
    });
    expect(session).toMatchObject({ storage: 'session' });
    const list = await v.list({});
    expect(list).toEqual([
      { name: 'kept', scope: 'global', secret: true, storage: 'keychain', fingerprint: null },
      expect.objectContaining({
        name: 'tok',
        storage: 'session',
        fingerprint: session.secret && session.fingerprint,
      }),
    ]);
    expect((await v.resolve(spec('{{tok}}'), { connectionId: 'c1' })).spec.path).toBe(
      'another-secret',
    );
    // Reading a keychain secret for a send must say why, not "undefined".
    await expect(v.resolve(spec('{{kept}}'), { connectionId: 'c1' })).rejects.toMatchObject({
      code: 'keychain_unavailable',
    });
    // Session secrets are not written down: a restart forgets them.
    keychain.down = false;
    expect((await service().list({})).map((i) => i.name)).toEqual(['kept']);
  });

  it('a secret whose keychain entry vanished is unresolved, not empty', async () => {
    const v = service();
    await v.set({
      scope: { connectionId: 'c1' },
      name: 'tok',
      value: SECRET,
      secret: true,
      storage: 'keychain',
    });
    await namedStoreOn(keychain).delete('vars:connection:c1:tok');
    const r = await v.resolve(spec('{{tok}}'), { connectionId: 'c1' });
    expect(r.unresolved).toEqual(['tok']);
  });

  it('code generation takes a stand-in and never reads the keychain', async () => {
    const v = service();
    await v.set({ scope: 'global', name: 'tok', value: SECRET, secret: true, storage: 'keychain' });
    keychain.down = true;
    const r = await v.resolve(spec('{{tok}}'), { connectionId: 'c1', secretAs: (n) => `<${n}>` });
    expect(r.spec.path).toBe('<tok>');
    expect(r.secrets).toEqual([]);
  });

  it('delete removes both the value and the name; deleteScope clears a connection', async () => {
    const v = service();
    await v.set({
      scope: { connectionId: 'c1' },
      name: 'tok',
      value: SECRET,
      secret: true,
      storage: 'keychain',
    });
    await v.set({
      scope: { connectionId: 'c1' },
      name: 'p',
      value: '1',
      secret: false,
      storage: 'keychain',
    });
    expect(await v.delete({ scope: { connectionId: 'c1' }, name: 'p' })).toEqual({ deleted: true });
    expect(await v.delete({ scope: { connectionId: 'c1' }, name: 'p' })).toEqual({
      deleted: false,
    });
    await v.set({
      scope: { connectionId: 'c1' },
      name: 'q',
      value: '1',
      secret: false,
      storage: 'keychain',
    });
    expect(await v.deleteScope({ connectionId: 'c1' })).toBe(2);
    expect(await v.list({ connectionId: 'c1' })).toEqual([]);
    expect(await namedStoreOn(keychain).get('vars:connection:c1:tok')).toBeNull();
  });
});

describe('variables.json', () => {
  it('a file from a newer console is left alone and writes are refused', async () => {
    const path = join(dir, 'variables.json');
    writeFileSync(path, JSON.stringify({ version: 9, whatever: true }));
    const v = service();
    await expect(
      v.set({ scope: 'global', name: 'a', value: '1', secret: false, storage: 'keychain' }),
    ).rejects.toMatchObject({ code: 'newer_data' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 9, whatever: true });
    expect(problems.list()[0]!.message).toMatch(/newer version/);
  });

  it('a corrupt file is set aside and reported; the console starts empty', async () => {
    writeFileSync(join(dir, 'variables.json'), '{ not json');
    const v = service();
    expect(await v.list({})).toEqual([]);
    expect((await readdir(dir)).some((f) => f.startsWith('variables.json.corrupt-'))).toBe(true);
    expect(problems.list()[0]!.message).toMatch(/variables file could not be read/);
  });
});

describe('the resolved-request preview', () => {
  it('masks a secret in every form it takes: raw, percent- and form-encoded', async () => {
    const v = service();
    const secret = 'a b&c/ü-secret';
    await v.set({ scope: 'global', name: 'tok', value: secret, secret: true, storage: 'keychain' });
    const config = {
      kind: 'generic',
      baseUrl: 'http://127.0.0.1:1/api',
      auth: { scheme: 'none' },
    } as unknown as ConnectionConfig;
    const preview = await previewRequest(
      v,
      {
        connectionId: 'c1',
        method: 'POST',
        path: 'x/{{tok}}',
        query: [{ name: 'q', value: '{{tok}}', enabled: true }],
        headers: [{ name: 'X-T', value: '{{tok}}', enabled: true }],
        body: { kind: 'form', fields: [{ name: 'f', value: '{{tok}}', enabled: true }] },
        followRedirects: true,
      },
      config,
    );
    const mask = maskOf(secret);
    expect(mask).toMatch(/^••••[0-9a-f]{4}$/);
    expect(preview.url).toBe(`http://127.0.0.1:1/api/x/${mask}?q=${mask}`);
    expect(preview.headers[0]).toEqual(['X-T', mask]);
    expect(preview.body).toBe(`f=${mask}`);
    const text = JSON.stringify(preview);
    for (const form of [secret, encodeURIComponent(secret), 'a+b%26c'])
      expect(text).not.toContain(form);
  });

  it('reports a request that cannot be built instead of refusing', async () => {
    const v = service();
    const preview = await previewRequest(
      v,
      {
        connectionId: 'c1',
        method: 'POST',
        path: '{{host}}/x',
        query: [],
        headers: [],
        body: { kind: 'json', text: '{"a": {{n}}}' },
        followRedirects: true,
      },
      {
        kind: 'generic',
        baseUrl: 'http://127.0.0.1:1',
        auth: { scheme: 'none' },
      } as unknown as ConnectionConfig,
    );
    expect(preview.unresolved).toEqual(['host', 'n']);
    expect(preview.problem).toMatchObject({ code: 'invalid_body' });
  });
});
