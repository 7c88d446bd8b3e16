/**
 * Session-only secrets: kept in this process's memory and gone when it exits. Used when
 * the operator chooses "this session only" (for instance because no keychain is
 * reachable) and as the test double for `SecretStore`. It never writes anywhere.
 */
import {
  accountFor,
  assertConnectionId,
  assertSecretValue,
  sortKinds,
  type SecretKind,
  type SecretRef,
  type SecretStore,
} from './secret-store';

export function createMemoryStore(): SecretStore {
  // connectionId → kind → value; nested so deleteAll/list never parse account strings.
  const byConnection = new Map<string, Map<SecretKind, string>>();

  function kindsOf(connectionId: string): Map<SecretKind, string> | undefined {
    return byConnection.get(connectionId);
  }

  return {
    storage: 'session',

    async get(ref: SecretRef): Promise<string | null> {
      accountFor(ref);
      return kindsOf(ref.connectionId)?.get(ref.kind) ?? null;
    },

    async set(ref: SecretRef, value: string): Promise<void> {
      accountFor(ref);
      assertSecretValue(value);
      let kinds = kindsOf(ref.connectionId);
      if (!kinds) {
        kinds = new Map();
        byConnection.set(ref.connectionId, kinds);
      }
      kinds.set(ref.kind, value);
    },

    async delete(ref: SecretRef): Promise<boolean> {
      accountFor(ref);
      const kinds = kindsOf(ref.connectionId);
      if (!kinds) return false;
      const deleted = kinds.delete(ref.kind);
      if (kinds.size === 0) byConnection.delete(ref.connectionId);
      return deleted;
    },

    async deleteAll(connectionId: string): Promise<number> {
      assertConnectionId(connectionId);
      const count = kindsOf(connectionId)?.size ?? 0;
      byConnection.delete(connectionId);
      return count;
    },

    async list(connectionId: string): Promise<SecretKind[]> {
      assertConnectionId(connectionId);
      return sortKinds(kindsOf(connectionId)?.keys() ?? []);
    },
  };
}
