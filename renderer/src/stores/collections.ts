import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { CollectionSummary, CurlImport } from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { draftFromSaved, savedFromDraft } from '../collections/saved-request';
import { downloadText } from '../connections/download';
import { confirmAction, showError, showInfo, showSuccess } from '../theme/feedback';
import { useConnectionsStore } from './connections';
import { tabLabel, useTabsStore, type Tab } from './tabs';

/** Where Save puts a request the first time: a collection, a folder in it, a name. */
export interface SaveTarget {
  collectionId: string;
  folder: string;
  name: string;
}

/**
 * Collections are folders of readable request files the operator picked (safe
 * to commit: variables by name, never secrets). Main watches them; a change on
 * disk reloads unsaved-free tabs and marks the others.
 */
export const useCollectionsStore = defineStore('collections', () => {
  const list = ref<CollectionSummary[]>([]);
  const loaded = ref(false);
  const problem = ref<string | null>(null);
  /** The tab waiting for a first save (the dialog asks where). */
  const saveDialogFor = ref<string | null>(null);
  const tabs = useTabsStore();
  const connections = useConnectionsStore();
  let listening = false;

  function byId(id: string): CollectionSummary | undefined {
    return list.value.find((c) => c.id === id);
  }

  function upsert(summary: CollectionSummary): void {
    const i = list.value.findIndex((c) => c.id === summary.id);
    if (i >= 0) list.value.splice(i, 1, summary);
    else list.value.push(summary);
  }

  async function load(): Promise<void> {
    if (!listening) {
      listening = true;
      api.on('collections:changed', (e) => void onChanged(e.collectionId, e.paths));
    }
    try {
      const answer = await api.call('collections:list', {});
      list.value = answer.collections;
      problem.value = answer.problem ?? null;
    } catch (err) {
      problem.value = toApiError(err).message;
    } finally {
      loaded.value = true;
    }
  }

  async function refresh(collectionId: string): Promise<void> {
    const answer = await api.call('collections:list', { collectionId });
    for (const c of answer.collections) upsert(c);
  }

  /** A `git pull` or an editor changed files: reload tabs that have no unsaved edits. */
  async function onChanged(collectionId: string, paths?: string[]): Promise<void> {
    await refresh(collectionId).catch(() => undefined);
    for (const tab of tabs.tabs) {
      if (tab.saved?.collectionId !== collectionId) continue;
      if (paths && !paths.includes(tab.saved.path)) continue;
      if (tabs.isDirty(tab)) {
        tab.changedOnDisk = true;
        continue;
      }
      await reloadTab(tab).catch(() => (tab.changedOnDisk = true));
    }
  }

  async function reloadTab(tab: Tab): Promise<void> {
    if (!tab.saved) return;
    const { collectionId, path } = tab.saved;
    const read = await api.call('collections:read', { collectionId, path });
    const { draft } = draftFromSaved(read.request);
    Object.assign(tab.draft, draft);
    tab.title = read.request.name;
    tabs.markSaved(tab, { collectionId, path: read.path, revision: read.revision });
  }

  async function open(path: string, create: boolean, name?: string): Promise<boolean> {
    try {
      const summary = await api.call('collections:open', {
        path,
        create,
        ...(name ? { name } : {}),
      });
      upsert(summary);
      showSuccess(`Opened “${summary.name}”.`);
      return true;
    } catch (err) {
      showError(err, create ? 'Could not create the collection' : 'Could not open the folder');
      return false;
    }
  }

  async function close(collectionId: string): Promise<void> {
    await api.call('collections:close', { collectionId });
    list.value = list.value.filter((c) => c.id !== collectionId);
  }

  /** Opens a saved request (or switches to its tab if it is open already). */
  async function openRequest(collectionId: string, path: string): Promise<void> {
    const existing = tabs.bySaved(collectionId, path);
    if (existing) {
      tabs.activate(existing.id);
      return;
    }
    try {
      const read = await api.call('collections:read', { collectionId, path });
      const { draft, note } = draftFromSaved(read.request);
      const conn =
        connections.list.find(
          (c) => c.name === read.request.connection || c.id === read.request.connection,
        ) ?? connections.selected;
      const tab = tabs.open({ title: read.request.name, connectionId: conn?.id ?? null, draft });
      tabs.markSaved(tab, { collectionId, path: read.path, revision: read.revision });
      if (conn) connections.select(conn.id);
      for (const w of [...read.warnings, ...(note ? [note] : [])]) showInfo(w);
    } catch (err) {
      showError(err, 'Could not open the request');
    }
  }

  /** Saves in place when the tab came from a file, else asks where (the save dialog). */
  async function save(tab: Tab): Promise<boolean> {
    if (!tab.saved) {
      if (list.value.length === 0) {
        showInfo(
          'Open or create a collection first (Collections, on the left), then save into it.',
        );
        return false;
      }
      saveDialogFor.value = tab.id;
      return false;
    }
    return write(tab, { collectionId: tab.saved.collectionId, path: tab.saved.path });
  }

  async function saveAs(tab: Tab, target: SaveTarget): Promise<boolean> {
    tab.title = target.name;
    const ok = await write(tab, { collectionId: target.collectionId, folder: target.folder });
    if (ok) saveDialogFor.value = null;
    return ok;
  }

  async function write(
    tab: Tab,
    where: { collectionId: string; path?: string; folder?: string },
  ): Promise<boolean> {
    const conn = tab.connectionId ? connections.byId(tab.connectionId) : null;
    const request = savedFromDraft(tab.draft, tab.title ?? tabLabel(tab), conn?.name);
    try {
      const saved = await api.call('collections:save', {
        collectionId: where.collectionId,
        ...(where.path ? { path: where.path } : {}),
        ...(where.folder !== undefined && !where.path ? { folder: where.folder } : {}),
        request,
        ...(where.path && tab.saved?.revision ? { expectedRevision: tab.saved.revision } : {}),
      });
      tabs.markSaved(tab, {
        collectionId: where.collectionId,
        path: saved.path,
        revision: saved.revision,
      });
      showSuccess(saved.changed ? `Saved ${saved.path}.` : `${saved.path} is up to date.`);
      void refresh(where.collectionId).catch(() => undefined);
      return true;
    } catch (err) {
      const error = toApiError(err);
      if (error.code === 'collection_conflict' && where.path) {
        const overwrite = await confirmAction({
          title: 'The file changed on disk',
          content: `${where.path} was changed outside the console since you opened it. Overwrite it with your version?`,
          positiveText: 'Overwrite',
          negativeText: 'Cancel',
        });
        if (overwrite && tab.saved) {
          tab.saved.revision = undefined;
          return write(tab, where);
        }
        return false;
      }
      showError(err, 'Could not save');
      return false;
    }
  }

  async function rename(collectionId: string, path: string, name: string): Promise<void> {
    try {
      const { path: next } = await api.call('collections:rename', { collectionId, path, name });
      const tab = tabs.bySaved(collectionId, path);
      if (tab?.saved) {
        tab.saved.path = next;
        tab.title = name;
      }
      await refresh(collectionId);
    } catch (err) {
      showError(err, 'Could not rename');
    }
  }

  async function move(collectionId: string, path: string, toFolder: string): Promise<void> {
    try {
      const { path: next } = await api.call('collections:move', { collectionId, path, toFolder });
      const tab = tabs.bySaved(collectionId, path);
      if (tab?.saved) tab.saved.path = next;
      await refresh(collectionId);
    } catch (err) {
      showError(err, 'Could not move');
    }
  }

  async function remove(collectionId: string, path: string, folder: boolean): Promise<void> {
    const ok = await confirmAction({
      title: folder ? 'Delete the folder?' : 'Delete the request file?',
      content: `${path} is deleted from disk${folder ? ', with everything in it' : ''}. Your version control, if any, still has it.`,
      positiveText: 'Delete',
    });
    if (!ok) return;
    try {
      await api.call('collections:delete', { collectionId, path, recursive: folder });
      const tab = tabs.bySaved(collectionId, path);
      if (tab) tab.saved = undefined;
      await refresh(collectionId);
    } catch (err) {
      showError(err, 'Could not delete');
    }
  }

  async function createFolder(collectionId: string, parent: string, name: string): Promise<void> {
    try {
      await api.call('collections:create-folder', { collectionId, parent, name });
      await refresh(collectionId);
    } catch (err) {
      showError(err, 'Could not create the folder');
    }
  }

  async function exportPostman(collectionId: string): Promise<void> {
    try {
      const conn = connections.selected;
      const out = await api.call('collections:export-postman', {
        collectionId,
        ...(conn && !conn.demo ? { connectionId: conn.id } : {}),
      });
      downloadText(out.fileName, out.json);
      showSuccess(`Exported ${out.fileName} (Postman Collection v2.1).`);
      for (const w of out.warnings) showInfo(w);
    } catch (err) {
      showError(err, 'Could not export');
    }
  }

  async function importPostman(collectionId: string, json: string): Promise<void> {
    try {
      const out = await api.call('collections:import-postman', {
        json,
        targetCollectionId: collectionId,
      });
      showSuccess(`Imported ${out.written.length} requests.`);
      for (const w of out.warnings) showInfo(w);
      await refresh(collectionId);
    } catch (err) {
      showError(err, 'Could not import the Postman collection');
    }
  }

  /** Paste cURL: the request opens in a new tab; a credential in it waits in main for the keychain. */
  async function importCurl(command: string): Promise<CurlImport | null> {
    try {
      const out = await api.call('imports:curl', { command });
      const { draft } = draftFromSaved({
        ...out.request,
        url: out.match ? out.match.path : out.request.url,
      });
      const connectionId = out.match?.connectionId ?? connections.selectedId;
      tabs.open({ connectionId, draft });
      if (out.match) connections.select(out.match.connectionId);
      for (const w of out.warnings) showInfo(w);
      return out;
    } catch (err) {
      showError(err, 'Could not read the cURL command');
      return null;
    }
  }

  async function storeCredential(credentialRef: string, connectionId: string): Promise<boolean> {
    try {
      await api.call('imports:store-credential', { credentialRef, connectionId });
      showSuccess('The credential is in the keychain now, on that connection.');
      await connections.load();
      return true;
    } catch (err) {
      showError(err, 'Could not store the credential');
      return false;
    }
  }

  async function discardCredential(credentialRef: string): Promise<void> {
    await api.call('imports:discard-credential', { credentialRef }).catch(() => undefined);
  }

  /** What a send on a saved tab passes for `{{collection variables}}`. */
  function collectionOf(tab: Tab) {
    const c = tab.saved ? byId(tab.saved.collectionId) : undefined;
    return c ? { id: c.id, variables: c.variables, secretNames: c.secretVariables } : undefined;
  }

  return {
    list,
    loaded,
    problem,
    saveDialogFor,
    byId,
    load,
    refresh,
    open,
    close,
    openRequest,
    reloadTab,
    save,
    saveAs,
    rename,
    move,
    remove,
    createFolder,
    exportPostman,
    importPostman,
    importCurl,
    storeCredential,
    discardCredential,
    collectionOf,
  };
});
