import { join } from 'node:path';
import type { EventName, EventPayload, SecretKindName } from '../../preload/contract';
import { DemoManager, type DemoTenant } from '../demo/demo-manager';
import { demoConnections } from '../demo/demo-connections';
import { OAuthTokenCache } from './auth/oauth-client-credentials';
import { SsxSessions } from './auth/ssx-sessions';
import { ConnectionService } from './connections/connection-service';
import { ConnectionStore } from './connections/connection-store';
import { createDispatch, type CallContext, type Dispatch } from './dispatch';
import { createHttpEngine } from './http/engine';
import { createHandlers } from './handlers';
import { ProductionGuard } from './safety/production-guard';
import { createKeytarStore } from './secrets/keytar-store';
import type { SecretStore } from './secrets/secret-store';
import { createSecretVault } from './secrets/secret-vault';
import { createRedactor } from './security/redact';
import { AuditTrail } from './audit/audit-trail';
import { AppStateStore } from './storage/app-state';
import { DraftsStore } from './storage/drafts-store';
import { StorageProblems } from './storage/versioned-file';
import { Pacer, type PacerOptions } from './pacing/pacer';
import { PagingService } from './paging/paging-service';
import { HistoryService } from './history/history-service';
import { SettingsStore } from './settings/settings-store';
import { createKeytarNamedStore, namedStoreOn } from './variables/named-secret-store';
import { VariableService } from './variables/variable-service';
import { VariablesFile } from './variables/variables-file';
import { secretForms } from './variables/secret-forms';
import { BodyService } from './bodies/body-service';
import { CollectionService } from './collections/collection-service';
import { PendingCredentials } from './imports/pending-credentials';

export type PacerOptionsForCore = Omit<PacerOptions, 'engine'>;

export interface AppCoreOptions {
  /** Where settings, history and large response bodies live (SOC_DATA_DIR overrides it in the shell). */
  dataDir: string;
  transport: 'electron' | 'browser-host';
  version: string;
  platform?: string;
  /** Opens an allow-listed http(s) URL in the system browser; the shell or host decides how. */
  openExternal: (url: string) => Promise<void>;
  /** A native open-file dialog (the Electron shell); absent in the browser host. */
  pickFile?: (request: FilePickRequest) => Promise<string | null>;
  /**
   * A native save dialog (the Electron shell), so main, not the renderer, chooses where a
   * response body is written; null when cancelled. Absent in the browser host (paths are typed).
   */
  pickSavePath?: (request: SavePickRequest) => Promise<string | null>;
  /** Opens a file with the OS's default application (Electron: shell.openPath); absent in the browser host. */
  openPath?: (path: string) => Promise<void>;
  log?: (line: string) => void;
  /** Bodies above this many bytes stream to a file (default 8 MiB). */
  bodyMemoryBytes?: number;
  /** Refuse bodies above this (default 2 GiB). */
  bodyMaxBytes?: number;
  /** Ports the demo tenants ask for first (0 = any). */
  demoPorts?: Partial<Record<DemoTenant, number>>;
  /** The OS keychain; tests may pass another store that plays the keychain. */
  keychain?: SecretStore;
  /** Clock for session expiry and confirmations (tests). */
  now?: () => number;
  /** Pacing and paging: the rate-limit clock, jitter source and retry limits (tests inject them). */
  pacing?: PacerOptionsForCore;
}

/** What the open-file dialog shows: a title and the file types it offers. */
export interface FilePickRequest {
  title: string;
  filters: { name: string; extensions: string[] }[];
}

/** What the save dialog shows: a title and the file name it proposes. */
export interface SavePickRequest {
  title: string;
  defaultName: string;
}

export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface AppCore {
  dispatch: Dispatch;
  /** Events main pushes on its own (not in answer to a call), e.g. a demo tenant stopping. */
  events: { subscribe(listener: CoreEventListener): () => void };
  demo: DemoManager;
  /** Replaces every secret main knows with its placeholder, for text logged outside core. */
  redactText(text: string): string;
  /** Stops demo tenants, cancels in-flight requests. */
  dispose(): Promise<void>;
}

/**
 * The composition root of main/core: one instance per app, shared by both
 * transports. Everything it answers, pushes or logs passes the redactor, so a
 * secret main knows can never reach the renderer or a log line.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const now = options.now ?? Date.now;
  const redactor = createRedactor();
  const log = options.log ? (line: string) => options.log!(redactor.redactText(line)) : undefined;
  const demo = new DemoManager({ ports: options.demoPorts });
  const problems = new StorageProblems();
  const listeners = new Set<CoreEventListener>();
  demo.onChange((status) => {
    for (const l of listeners) l('demo:changed', status);
  });
  const engine = createHttpEngine({
    memoryBytes: options.bodyMemoryBytes ?? 8 * 1024 * 1024,
    redact: (text: string) => redactor.redactText(text),
    maxBytes: options.bodyMaxBytes ?? 2 * 1024 * 1024 * 1024,
    spoolDir: join(options.dataDir, 'responses'),
  });
  void engine.pruneSpool().catch((e) => log?.(`Old response bodies not pruned: ${String(e)}`));
  // Bound once the connection service exists: it knows which placeholder each secret gets.
  let labelFor = (_connectionId: string, _kind: SecretKindName) => '$SECRET';
  const vault = createSecretVault({
    keychain: options.keychain ?? createKeytarStore(),
    onSecret: (value, ref) => redactor.add(value, labelFor(ref.connectionId, ref.kind)),
  });
  const ssx = new SsxSessions(engine, vault, (value) => redactor.add(value, '$SSX_SESSION'), now);
  const connections = new ConnectionService({
    store: new ConnectionStore(options.dataDir, problems),
    vault,
    redactor,
    oauth: new OAuthTokenCache(engine, now),
    ssx,
    demos: () => demoConnections(demo),
  });
  labelFor = (connectionId, kind) => connections.labelFor(connectionId, kind);

  const audit = new AuditTrail({
    dataDir: options.dataDir,
    redact: (text) => redactor.redactText(text),
    now,
    problems,
    log,
  });

  // Pacing and paging: every send goes through the pacer; fetch-all pages through it too.
  const pacer = new Pacer({ engine, ...options.pacing });
  const paging = new PagingService({
    dataDir: options.dataDir,
    connections,
    pacer,
    redact: (text) => redactor.redactText(text),
    now,
  });

  // History and settings: every send kept in <dataDir>/history, settings in settings.json.
  const settings = new SettingsStore(options.dataDir, problems);
  const history = new HistoryService({
    dataDir: options.dataDir,
    settings: async () => (await settings.get()).history,
    redactor,
    now,
    problems,
    describeConnection: async (id) => {
      const c = await connections.summary(id);
      return { name: c.name, environment: c.environment, baseUrl: c.baseUrl };
    },
    onAdded: (summary) => {
      const safe = redactor.redactDeep(summary);
      for (const l of listeners) l('history:added', safe);
    },
    creator: { name: 'Sentinel Operator Console', version: options.version },
    log,
  });

  // Variables: secret values in the keychain (the injected one in tests), redacted as `{{name}}`.
  const variables = new VariableService({
    file: new VariablesFile(options.dataDir, problems),
    keychain: options.keychain ? namedStoreOn(options.keychain) : createKeytarNamedStore(),
    assertConnection: async (id) => void (await connections.configOf(id)),
    onSecret: (value, name) => {
      for (const form of secretForms(value)) redactor.add(form, `{{${name}}}`);
    },
  });

  // Collections as files: watched folders push `collections:changed`; nothing secret is written.
  const collections = new CollectionService({
    dataDir: options.dataDir,
    onChanged: (change) => {
      const safe = redactor.redactDeep(change);
      for (const l of listeners) l('collections:changed', safe);
    },
    containsSecret: (text) => redactor.redactText(text) !== text,
  });
  // A credential from a pasted cURL command is redacted from the moment main holds it.
  const pendingCredentials = new PendingCredentials(now, (c) => {
    if (c.kind === 'basic') {
      if (c.username) redactor.addBasic(c.username, c.value, '$API_BASIC_AUTH');
      else redactor.add(c.value, '$PASSWORD');
    } else {
      redactor.add(
        c.value,
        c.scheme?.toLowerCase() === 'apitoken' ? '$S1_API_TOKEN' : '$API_TOKEN',
      );
    }
  });

  const handlers = createHandlers({
    options,
    appState: new AppStateStore(options.dataDir, problems),
    demo,
    engine,
    vault,
    ssx,
    connections,
    guard: new ProductionGuard(now),
    problems,
    audit,
    drafts: new DraftsStore(options.dataDir, (text) => redactor.redactText(text), problems),
    now,
    pacer,
    paging,
    history,
    settings,
    variables,
    // Response bodies: reads what the engine spooled to <dataDir>/responses.
    bodies: new BodyService({
      spoolDir: join(options.dataDir, 'responses'),
      dataDir: options.dataDir,
      openPath: options.openPath,
    }),
    collections,
    pendingCredentials,
  });

  const inner = createDispatch(handlers, log);
  const dispatch: Dispatch = async (channel, input, ctx) => {
    const safeCtx: CallContext = {
      emit: (event, payload) => ctx.emit(event, redactor.redactDeep(payload)),
    };
    return redactor.redactDeep(await inner(channel, input, safeCtx));
  };

  return {
    dispatch,
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    demo,
    redactText: (text) => redactor.redactText(text),
    async dispose() {
      paging.cancelAll();
      pacer.cancelAll();
      engine.cancelAll();
      collections.dispose();
      await Promise.all([demo.stopAll(), audit.close(), history.close()]);
    },
  };
}
