import type { DemoManager } from '../demo/demo-manager';
import type { AppCoreOptions, FilePickRequest } from './app-core';
import type { SsxSessions } from './auth/ssx-sessions';
import type { ConnectionService } from './connections/connection-service';
import { testConnection } from './connections/diagnose';
import { exportConnections, parseImport } from './connections/import-export';
import { SENTINELONE_DEFAULT_RATE_LIMITS, sentinelOneBaseUrl } from './connections/presets';
import type { Handlers } from './dispatch';
import { AppError } from './errors';
import type { HttpEngine } from './http/engine';
import type { ProductionGuard } from './safety/production-guard';
import type { AuditTrail } from './audit/audit-trail';
import { httpHandlers } from './handlers-http';
import { pagingHandlers } from './handlers-paging';
import type { Pacer } from './pacing/pacer';
import type { PagingService } from './paging/paging-service';
import { ssxHandlers } from './handlers-ssx';
import type { SecretVault } from './secrets/secret-vault';
import { isAllowedExternalUrl } from './security/external-links';
import type { AppStateStore } from './storage/app-state';
import type { DraftsStore } from './storage/drafts-store';
import { historyHandlers } from './handlers-history';
import { settingsHandlers } from './handlers-settings';
import type { HistoryService } from './history/history-service';
import type { SettingsStore } from './settings/settings-store';
import type { StorageProblems } from './storage/versioned-file';
import { codegenHandlers } from './handlers-codegen';
import { variablesHandlers } from './handlers-variables';
import type { VariableService } from './variables/variable-service';
// Response bodies and the demo developer panel
import type { BodyService } from './bodies/body-service';
import { bodiesHandlers } from './handlers-bodies';
import { demoDevHandlers } from './handlers-demo-dev';
// Collections as files, cURL and Postman imports/exports
import type { CollectionService } from './collections/collection-service';
import { collectionHandlers } from './handlers-collections';
import type { PendingCredentials } from './imports/pending-credentials';

export interface HandlerDeps {
  options: AppCoreOptions;
  appState: AppStateStore;
  demo: DemoManager;
  engine: HttpEngine;
  vault: SecretVault;
  ssx: SsxSessions;
  connections: ConnectionService;
  guard: ProductionGuard;
  problems: StorageProblems;
  audit: AuditTrail;
  drafts: DraftsStore;
  now: () => number;
  /** Pacing and paging: rate-limit buckets and retries for every send; fetch all pages. */
  pacer: Pacer;
  paging: PagingService;
  /** History of sends and the settings file. */
  history: HistoryService;
  settings: SettingsStore;
  /** Variables of every scope, resolved into each send, preview and generated code. */
  variables: VariableService;
  /** Spooled response bodies: windows, lines, search, save, open in an editor. */
  bodies: BodyService;
  /** Collections as files; credentials from pasted cURL commands waiting for the keychain. */
  collections: CollectionService;
  pendingCredentials: PendingCredentials;
}

const PEM = { name: 'PEM certificate or key', extensions: ['pem', 'crt', 'cer', 'key'] };
const ANY = { name: 'All files', extensions: ['*'] };

/** The title and file types of each TLS file the connection editor asks for. */
const FILE_PICKS: Record<'ca' | 'client-cert' | 'client-key' | 'pfx', FilePickRequest> = {
  ca: { title: 'Choose the CA bundle (PEM)', filters: [PEM, ANY] },
  'client-cert': { title: 'Choose the client certificate (PEM)', filters: [PEM, ANY] },
  'client-key': { title: 'Choose the client private key (PEM)', filters: [PEM, ANY] },
  pfx: {
    title: 'Choose the client certificate (PFX / PKCS#12)',
    filters: [{ name: 'PFX / PKCS#12', extensions: ['pfx', 'p12'] }, ANY],
  },
};

/** Every contract channel's handler; TypeScript refuses to build while one is missing. */
export function createHandlers(d: HandlerDeps): Handlers {
  const { connections, vault, ssx } = d;

  async function ownConnection(id: string) {
    const summary = await connections.summary(id);
    if (summary.demo) {
      throw new AppError(
        'invalid_connection',
        'The built-in demo connections have fixed demo credentials.',
      );
    }
    return summary;
  }

  return {
    'app:info': async () => ({
      name: 'Sentinel Operator Console',
      version: d.options.version,
      transport: d.options.transport,
      platform: d.options.platform ?? process.platform,
      firstLaunch: !(await d.appState.get()).welcomed,
      canPickFiles: d.options.pickFile !== undefined,
    }),
    'drafts:get': async () => d.drafts.get(),
    'drafts:set': async (drafts) => {
      await d.drafts.set(drafts);
      return { saved: true };
    },
    'app:ui-state': async () => ({ lastRoute: (await d.appState.get()).lastRoute ?? null }),
    'app:set-ui-state': async ({ lastRoute, welcomed }) => {
      await d.appState.update({
        ...(lastRoute !== undefined ? { lastRoute } : {}),
        ...(welcomed ? { welcomed } : {}),
      });
      return { saved: true };
    },
    'app:pick-file': async ({ purpose }) => {
      if (!d.options.pickFile) {
        throw new AppError(
          'not_available',
          'This window cannot open file dialogs (the browser host); type the file path instead.',
        );
      }
      return { path: await d.options.pickFile(FILE_PICKS[purpose]) };
    },
    'app:problems': async () => {
      await connections.summaries(); // reading the files is what finds their problems
      await d.appState.get();
      await Promise.all([d.settings.get(), d.history.load()]); // history and settings
      return d.problems.list();
    },
    'app:open-external': async ({ url }) => {
      if (!isAllowedExternalUrl(url)) return { opened: false };
      await d.options.openExternal(url);
      return { opened: true };
    },

    'connections:list': async () => connections.summaries(),
    'connections:create': async ({ config }) => connections.create(config),
    'connections:update': async ({ id, config }) => connections.update(id, config),
    'connections:duplicate': async ({ id }) => connections.duplicate(id),
    'connections:delete': async ({ id }) => {
      const result = await connections.delete(id);
      // Its variables (and their keychain entries) go with it.
      await d.variables.deleteScope({ connectionId: id });
      return result;
    },
    'connections:export': async ({ ids }) => {
      const all = (await connections.summaries()).filter((c) => !c.demo && c.config);
      const chosen = ids ? all.filter((c) => ids.includes(c.id)) : all;
      return { json: exportConnections(chosen.map((c) => c.config!)), count: chosen.length };
    },
    'connections:import': async ({ json }) => {
      const { configs, skipped } = parseImport(json, (c) => connections.normalize(c));
      const imported = [];
      for (const config of configs) imported.push(await connections.create(config));
      return { imported, skipped };
    },
    'connections:test': async ({ id }) =>
      testConnection(
        id,
        {
          engine: d.engine,
          connections,
          ssx,
          tokenOf: async (cid) => {
            const summary = await connections.summary(cid);
            if (summary.demo)
              return summary.kind === 'sentinelone' ? d.demo.sentinelOneToken : undefined;
            return (await vault.get({ connectionId: cid, kind: 'token' })) ?? undefined;
          },
        },
        d.now,
      ),
    'connections:presets': async ({ tenant }) => ({
      baseUrl: tenant ? sentinelOneBaseUrl(tenant) : '',
      rateLimits: [...SENTINELONE_DEFAULT_RATE_LIMITS],
    }),

    'secrets:set': async ({ connectionId, kind, value, storage }) => {
      await ownConnection(connectionId);
      const config = await connections.configOf(connectionId);
      connections.learnSecret(value, config, kind);
      return vault.set({ connectionId, kind }, value, storage);
    },
    'secrets:clear': async ({ connectionId, kind }) => {
      await ownConnection(connectionId);
      await vault.delete({ connectionId, kind });
      return vault.status({ connectionId, kind });
    },
    'secrets:keychain-status': async ({ refresh }) => vault.keychainStatus({ refresh }),

    ...ssxHandlers(d),
    'audit:list': async (query) => d.audit.list(query),
    'audit:verify': async () => d.audit.verify(),
    'audit:export': async () => d.audit.exportJsonl(),

    'demo:status': async () => d.demo.statuses(),
    'demo:start': async ({ tenant }) => {
      const status = await d.demo.start(tenant);
      await d.appState.update({ welcomed: true });
      return status;
    },
    'demo:stop': async ({ tenant }) => d.demo.stop(tenant),

    ...httpHandlers(d),
    ...pagingHandlers(d),
    ...historyHandlers(d),
    ...settingsHandlers(d),
    ...variablesHandlers(d),
    ...codegenHandlers(d),
    ...bodiesHandlers(d),
    ...demoDevHandlers(d),
    ...collectionHandlers(d),
  };
}
