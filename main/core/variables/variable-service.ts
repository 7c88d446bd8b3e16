/**
 * Variables of every scope and their resolution into a request. Non-secret values are
 * in `variables.json`; secret values in the keychain or session memory (the operator
 * picks, as for connection secrets), never in a file and never in an answer: the
 * renderer gets a fingerprint, the redactor learns every secret value main reads.
 */
import type {
  CollectionVariables,
  VariableInfo,
  VariableReference,
  VariableScope,
  VariableScopeKind,
} from '../../../preload/contract';
import { AppError, isAppError } from '../errors';
import { fingerprint } from '../secrets/secret-store';
import { MIN_SECRET_LENGTH } from '../security/redact';
import { createMemoryNamedStore, type NamedSecretStore } from './named-secret-store';
import { referencesIn, substituteSpec, type TemplatedSpec } from './spec-templates';
import type { ScopeEntry, ScopeKey, VariablesFile } from './variables-file';

export interface VariableServiceDeps {
  file: VariablesFile;
  keychain: NamedSecretStore;
  session?: NamedSecretStore;
  /** Throws `unknown_connection` for an id that is not a connection (stored or demo). */
  assertConnection: (connectionId: string) => Promise<void>;
  /** Told about every secret value seen, before it is used, to feed the redactor. */
  onSecret: (value: string, name: string) => void;
}

/** Where one name is defined, most specific scope first. */
type Definition =
  | { scope: VariableScopeKind; secret: false; value: string }
  | { scope: VariableScopeKind; secret: true; account: string };

export interface SecretUse {
  name: string;
  scope: VariableScopeKind;
  value: string;
}

export interface Resolution<T extends TemplatedSpec> {
  spec: T;
  references: VariableReference[];
  /** Names with no value, in order of first use. */
  unresolved: string[];
  /** The secret values that went into `spec` (empty when `secretAs` replaced them). */
  secrets: SecretUse[];
}

export interface ResolveContext {
  connectionId: string;
  collection?: { id: string; variables?: Record<string, string>; secretNames?: string[] };
  /**
   * Put this text in place of a secret instead of reading its value (code generation
   * uses environment-variable markers): the keychain is not touched at all.
   */
  secretAs?: (name: string, scope: VariableScopeKind) => string;
}

function keyOf(scope: VariableScope): ScopeKey {
  if (scope === 'global') return { kind: 'global' };
  if ('connectionId' in scope) return { kind: 'connection', id: scope.connectionId };
  return { kind: 'collection', id: scope.collectionId };
}

function scopeOf(key: ScopeKey): VariableScope {
  if (key.kind === 'global') return 'global';
  return key.kind === 'connection' ? { connectionId: key.id } : { collectionId: key.id };
}

/** The keychain account of a secret variable: `vars:global:<name>`, `vars:connection:<id>:<name>`, … */
export function accountOf(key: ScopeKey, name: string): string {
  return key.kind === 'global' ? `vars:global:${name}` : `vars:${key.kind}:${key.id}:${name}`;
}

const keyText = (key: ScopeKey) => (key.kind === 'global' ? 'global' : `${key.kind}:${key.id}`);

const isKeychainDown = (err: unknown) => isAppError(err) && err.code === 'keychain_unavailable';

export class VariableService {
  private readonly session: NamedSecretStore;
  /** Names of session-only secrets per scope (`keyText`); gone with the process, like their values. */
  private readonly sessionNames = new Map<string, Set<string>>();

  constructor(private readonly deps: VariableServiceDeps) {
    this.session = deps.session ?? createMemoryNamedStore();
  }

  private sessionSet(key: ScopeKey): Set<string> {
    let set = this.sessionNames.get(keyText(key));
    if (!set) this.sessionNames.set(keyText(key), (set = new Set()));
    return set;
  }

  private async checkScope(key: ScopeKey): Promise<void> {
    if (key.kind === 'connection') await this.deps.assertConnection(key.id);
  }

  /** Session copy first, then the keychain; keychain failures propagate. */
  private async readSecret(account: string, name: string): Promise<string | null> {
    const value = (await this.session.get(account)) ?? (await this.deps.keychain.get(account));
    if (value !== null) this.deps.onSecret(value, name);
    return value;
  }

  private async secretInfo(key: ScopeKey, name: string): Promise<VariableInfo> {
    const account = accountOf(key, name);
    const inSession = await this.session.get(account);
    let value = inSession;
    if (value === null) {
      try {
        value = await this.deps.keychain.get(account);
      } catch (err) {
        // Lists must render with the keychain down; secrets:keychain-status carries the failure.
        if (!isKeychainDown(err)) throw err;
      }
    }
    if (value !== null) this.deps.onSecret(value, name);
    return {
      name,
      scope: scopeOf(key),
      secret: true,
      storage: inSession !== null ? 'session' : 'keychain',
      fingerprint: value === null ? null : fingerprint(value),
    };
  }

  private async scopeInfos(key: ScopeKey): Promise<VariableInfo[]> {
    const entry = await this.deps.file.scope(key);
    const secretNames = new Set([...entry.keychainSecrets, ...this.sessionSet(key)]);
    const out: VariableInfo[] = [];
    for (const [name, value] of Object.entries(entry.values)) {
      if (!secretNames.has(name)) out.push({ name, scope: scopeOf(key), secret: false, value });
    }
    for (const name of secretNames) out.push(await this.secretInfo(key, name));
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Global variables, plus the connection's and the collection's when asked, most specific first. */
  async list(input: { connectionId?: string; collectionId?: string }): Promise<VariableInfo[]> {
    const keys: ScopeKey[] = [];
    if (input.collectionId) keys.push({ kind: 'collection', id: input.collectionId });
    if (input.connectionId) {
      await this.deps.assertConnection(input.connectionId);
      keys.push({ kind: 'connection', id: input.connectionId });
    }
    keys.push({ kind: 'global' });
    return (await Promise.all(keys.map((k) => this.scopeInfos(k)))).flat();
  }

  async set(input: {
    scope: VariableScope;
    name: string;
    value: string;
    secret: boolean;
    storage: 'keychain' | 'session';
  }): Promise<VariableInfo> {
    const key = keyOf(input.scope);
    const { name, value } = input;
    await this.checkScope(key);
    const account = accountOf(key, name);
    if (!input.secret) {
      if (key.kind === 'collection') {
        throw new AppError(
          'invalid_input',
          "A collection's non-secret variables are saved in its collection.yaml; only secret ones are kept here.",
        );
      }
      // A name is secret or not, never both in one scope: drop any secret copy first.
      await this.deleteSecret(key, name);
      await this.deps.file.update(key, (e) => void (e.values[name] = value));
      return { name, scope: input.scope, secret: false, value };
    }
    if (value.length < MIN_SECRET_LENGTH) {
      throw new AppError(
        'invalid_input',
        `A secret variable needs at least ${MIN_SECRET_LENGTH} characters: shorter values could not be masked reliably.`,
      );
    }
    // Known before the write, so it is redacted even if the write fails and shows up in an error.
    this.deps.onSecret(value, name);
    if (input.storage === 'keychain') {
      // Keychain first: if it fails, the operator's previous value stays where it was.
      await this.deps.keychain.set(account, value);
      await this.session.delete(account);
      this.sessionSet(key).delete(name);
      await this.deps.file.update(key, (e) => {
        delete e.values[name];
        e.keychainSecrets.push(name);
      });
    } else {
      await this.session.set(account, value);
      this.sessionSet(key).add(name);
      let keychainCleared = true;
      try {
        await this.deps.keychain.delete(account);
      } catch (err) {
        // Session storage is the answer to a keychain that is down; the session copy wins anyway.
        if (!isKeychainDown(err)) throw err;
        keychainCleared = false;
      }
      await this.deps.file.update(key, (e) => {
        delete e.values[name];
        if (keychainCleared) e.keychainSecrets = e.keychainSecrets.filter((n) => n !== name);
      });
    }
    return {
      name,
      scope: input.scope,
      secret: true,
      storage: input.storage,
      fingerprint: fingerprint(value),
    };
  }

  /** Removes a secret's value from both stores; keeps its name on file if the keychain cannot be reached. */
  private async deleteSecret(key: ScopeKey, name: string): Promise<boolean> {
    const account = accountOf(key, name);
    const fromSession = await this.session.delete(account);
    this.sessionSet(key).delete(name);
    const entry = await this.deps.file.scope(key);
    if (!entry.keychainSecrets.includes(name)) return fromSession;
    await this.deps.keychain.delete(account);
    await this.deps.file.update(key, (e) => {
      e.keychainSecrets = e.keychainSecrets.filter((n) => n !== name);
    });
    return true;
  }

  async delete(input: { scope: VariableScope; name: string }): Promise<{ deleted: boolean }> {
    const key = keyOf(input.scope);
    const secret = await this.deleteSecret(key, input.name);
    const entry = await this.deps.file.scope(key);
    if (!(input.name in entry.values)) return { deleted: secret };
    await this.deps.file.update(key, (e) => void delete e.values[input.name]);
    return { deleted: true };
  }

  /** Every variable of a connection or collection, e.g. when it is deleted. */
  async deleteScope(scope: Exclude<VariableScope, 'global'>): Promise<number> {
    const key = keyOf(scope);
    const entry = await this.deps.file.scope(key);
    const names = new Set([
      ...Object.keys(entry.values),
      ...entry.keychainSecrets,
      ...this.sessionSet(key),
    ]);
    for (const name of names) await this.delete({ scope, name });
    return names.size;
  }

  private async definitionOf(
    name: string,
    ctx: ResolveContext,
    entries: { connection: ScopeEntry; global: ScopeEntry },
  ): Promise<Definition | undefined> {
    const c = ctx.collection;
    if (c) {
      const key: ScopeKey = { kind: 'collection', id: c.id };
      if (c.secretNames?.includes(name))
        return { scope: 'collection', secret: true, account: accountOf(key, name) };
      if (c.variables && Object.hasOwn(c.variables, name)) {
        return { scope: 'collection', secret: false, value: c.variables[name]! };
      }
    }
    const scoped: Array<[VariableScopeKind, ScopeKey, ScopeEntry]> = [
      ['connection', { kind: 'connection', id: ctx.connectionId }, entries.connection],
      ['global', { kind: 'global' }, entries.global],
    ];
    for (const [scope, key, entry] of scoped) {
      if (this.sessionSet(key).has(name) || entry.keychainSecrets.includes(name)) {
        return { scope, secret: true, account: accountOf(key, name) };
      }
      if (Object.hasOwn(entry.values, name))
        return { scope, secret: false, value: entry.values[name]! };
    }
    return undefined;
  }

  /** The spec with its variables resolved; unresolved names are reported, never guessed. */
  async resolve<T extends TemplatedSpec>(spec: T, ctx: ResolveContext): Promise<Resolution<T>> {
    const locations = referencesIn(spec);
    if (locations.length === 0) return { spec, references: [], unresolved: [], secrets: [] };
    const entries = {
      connection: await this.deps.file.scope({ kind: 'connection', id: ctx.connectionId }),
      global: await this.deps.file.scope({ kind: 'global' }),
    };
    const values = new Map<
      string,
      { scope: VariableScopeKind; secret: boolean; value: string } | null
    >();
    const secrets: SecretUse[] = [];
    for (const { name } of locations) {
      if (values.has(name)) continue;
      const def = await this.definitionOf(name, ctx, entries);
      if (!def) {
        values.set(name, null);
      } else if (!def.secret) {
        values.set(name, { scope: def.scope, secret: false, value: def.value });
      } else if (ctx.secretAs) {
        values.set(name, { scope: def.scope, secret: true, value: ctx.secretAs(name, def.scope) });
      } else {
        const value = await this.readSecret(def.account, name);
        values.set(name, value === null ? null : { scope: def.scope, secret: true, value });
        if (value !== null) secrets.push({ name, scope: def.scope, value });
      }
    }
    const references = locations.map((l) => {
      const v = values.get(l.name);
      return { ...l, scope: v?.scope ?? null, secret: v?.secret ?? false };
    });
    const unresolved = [...values].filter(([, v]) => v === null).map(([n]) => n);
    const resolved = substituteSpec(spec, (name) => values.get(name)?.value);
    return { spec: resolved, references, unresolved, secrets };
  }

  /** What `http:send` sends: refuses with `undefined_variable` before anything leaves. */
  async resolveForSend<T extends TemplatedSpec>(spec: T, ctx: ResolveContext): Promise<T> {
    const r = await this.resolve(spec, ctx);
    if (r.unresolved.length > 0) throw undefinedVariable(r);
    return r.spec;
  }
}

export function undefinedVariable(
  r: Pick<Resolution<TemplatedSpec>, 'unresolved' | 'references'>,
): AppError {
  const names = r.unresolved.map((n) => `{{${n}}}`).join(', ');
  return new AppError(
    'undefined_variable',
    `${names} ${r.unresolved.length === 1 ? 'has' : 'have'} no value in the collection, the connection or the global variables. ` +
      'Define it under Variables (a secret one may need its value set again), or write \\{{ to send the braces literally. Nothing was sent.',
    {
      names: r.unresolved,
      references: r.references.filter((ref) => ref.scope === null),
    },
  );
}

/** The collection part of a request spec, as the resolver takes it. */
export function resolveContextOf(spec: {
  connectionId: string;
  collection?: CollectionVariables;
}): ResolveContext {
  return { connectionId: spec.connectionId, collection: spec.collection };
}
