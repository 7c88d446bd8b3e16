import type { ConnectionSummary } from '../../preload/contract';
import { slugify } from './collections/collection-paths';
import type { Handlers } from './dispatch';
import { AppError } from './errors';
import type { HandlerDeps } from './handlers';
import { parseCurl } from './imports/curl-import';
import { toPostman, type PostmanAuthSource } from './imports/postman-export';
import { planPostmanImport, writePostmanPlan } from './imports/postman-import';

type CollectionChannel =
  | 'collections:list'
  | 'collections:open'
  | 'collections:close'
  | 'collections:read'
  | 'collections:save'
  | 'collections:rename'
  | 'collections:move'
  | 'collections:delete'
  | 'collections:create-folder'
  | 'collections:save-settings'
  | 'collections:export-postman'
  | 'collections:import-postman'
  | 'imports:curl'
  | 'imports:store-credential'
  | 'imports:discard-credential';

/** The connection whose base URL `url` starts with (the longest one), and the path relative to it. */
export function matchConnection(
  url: string,
  connections: Pick<ConnectionSummary, 'id' | 'name' | 'baseUrl'>[],
): { connectionId: string; connectionName: string; path: string } | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  let best:
    { connectionId: string; connectionName: string; path: string; length: number } | undefined;
  for (const c of connections) {
    if (!c.baseUrl) continue;
    let base: URL;
    try {
      base = new URL(c.baseUrl);
    } catch {
      continue;
    }
    const basePath = base.pathname.replace(/\/+$/, '');
    const inside = target.pathname === basePath || target.pathname.startsWith(`${basePath}/`);
    if (base.origin !== target.origin || !inside) continue;
    if (best && best.length >= basePath.length) continue;
    best = {
      connectionId: c.id,
      connectionName: c.name,
      path: target.pathname.slice(basePath.length).replace(/^\/+/, ''),
      length: basePath.length,
    };
  }
  if (!best) return undefined;
  const { length: _length, ...match } = best;
  return match;
}

/**
 * Collections as files (open, list, read, save, rename, move, delete,
 * folders, settings), Postman v2.1 import/export, and the cURL import with
 * its credential hand-over: the credential's value stays in main and goes
 * from the pasted command straight into the keychain.
 */
export function collectionHandlers(d: HandlerDeps): Pick<Handlers, CollectionChannel> {
  const { collections, connections, vault } = d;

  /** The connection an export's auth comes from: the one chosen, or the one all requests name. */
  async function exportAuthSource(
    connectionId: string | undefined,
    hints: string[],
  ): Promise<PostmanAuthSource | undefined> {
    const all = await connections.summaries();
    const chosen = connectionId
      ? await connections.summary(connectionId)
      : (() => {
          const named = new Set(hints);
          const found = all.filter((c) => named.has(c.name) || named.has(c.id));
          return found.length === 1 ? found[0] : undefined;
        })();
    if (!chosen) return undefined;
    return {
      kind: chosen.kind,
      scheme: chosen.authScheme,
      ...(chosen.baseUrl ? { baseUrl: chosen.baseUrl } : {}),
    };
  }

  return {
    'collections:list': async ({ collectionId }) => collections.list(collectionId),
    'collections:open': async ({ path, create, name }) =>
      collections.openFolder(path, create, name),
    'collections:close': async ({ collectionId }) => ({
      closed: await collections.close(collectionId),
    }),
    'collections:read': async ({ collectionId, path }) => collections.read(collectionId, path),
    'collections:save': async ({ collectionId, path, folder, request, expectedRevision }) =>
      collections.save(collectionId, {
        ...(path !== undefined ? { path } : {}),
        ...(folder !== undefined ? { folder } : {}),
        ...(expectedRevision ? { expectedRevision } : {}),
        request,
      }),
    'collections:rename': async ({ collectionId, path, name }) =>
      collections.rename(collectionId, path, name),
    'collections:move': async ({ collectionId, path, toFolder }) =>
      collections.move(collectionId, path, toFolder),
    'collections:delete': async ({ collectionId, path, recursive }) =>
      collections.remove(collectionId, path, recursive),
    'collections:create-folder': async ({ collectionId, parent, name }) =>
      collections.createFolder(collectionId, parent, name),
    'collections:save-settings': async ({ collectionId, ...patch }) =>
      collections.saveSettings(collectionId, patch),

    'collections:export-postman': async ({ collectionId, connectionId }) => {
      const content = await collections.content(collectionId);
      const hints: string[] = [];
      const visit = (items: typeof content.items) => {
        for (const i of items) {
          if (i.kind === 'folder') visit(i.children);
          else if (i.request.connection) hints.push(i.request.connection);
        }
      };
      visit(content.items);
      const source = await exportAuthSource(connectionId, hints);
      const { json, warnings } = toPostman(content, source);
      return { json, fileName: `${slugify(content.meta.name)}.postman_collection.json`, warnings };
    },
    'collections:import-postman': async ({ json, targetCollectionId, folder }) =>
      writePostmanPlan(collections, targetCollectionId, folder ?? '', planPostmanImport(json)),

    'imports:curl': async ({ command }) => {
      const parsed = parseCurl(command);
      let credential;
      if (parsed.credential) {
        const { value, ...shown } = parsed.credential;
        credential = value
          ? { ...shown, ...d.pendingCredentials.hold({ ...parsed.credential, value }) }
          : shown;
      }
      const match = matchConnection(parsed.request.url, await connections.summaries());
      // Named the way the explorer shows a path on that connection: `GET threats`.
      const name = match ? `${parsed.request.method} ${match.path || '/'}` : parsed.request.name;
      return {
        request: { ...parsed.request, name },
        ...(credential ? { credential } : {}),
        ...(match ? { match } : {}),
        insecure: parsed.insecure,
        warnings: parsed.warnings,
      };
    },
    'imports:store-credential': async ({ credentialRef, connectionId, kind, storage }) => {
      // Checked before the credential is taken, so a wrong choice does not use it up.
      const summary = await connections.summary(connectionId);
      if (summary.demo) {
        throw new AppError(
          'invalid_connection',
          'The built-in demo connections have fixed demo credentials; choose (or create) your own connection.',
        );
      }
      const config = await connections.configOf(connectionId);
      const held = d.pendingCredentials.take(credentialRef);
      const secretKind = kind ?? (held.kind === 'basic' ? 'password' : 'token');
      connections.learnSecret(held.value, config, secretKind);
      return vault.set({ connectionId, kind: secretKind }, held.value, storage);
    },
    'imports:discard-credential': async ({ credentialRef }) => ({
      discarded: d.pendingCredentials.discard(credentialRef),
    }),
  };
}
