import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/errors';
import { createMemoryStore } from '../../main/core/secrets/memory-store';
import {
  KEYCHAIN_SERVICE,
  SECRET_KINDS,
  accountFor,
  fingerprint,
  parseAccount,
} from '../../main/core/secrets/secret-store';

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'not-app-error';
  }
  return undefined;
}

describe('accountFor / parseAccount', () => {
  it('files a secret as <connectionId>:<kind> and reads it back', () => {
    expect(KEYCHAIN_SERVICE).toBe('Sentinel Operator Console');
    expect(accountFor({ connectionId: 'prod-eu_1', kind: 'client-secret' })).toBe(
      'prod-eu_1:client-secret',
    );
    for (const kind of SECRET_KINDS) {
      expect(parseAccount(accountFor({ connectionId: 'c1', kind }))).toEqual({
        connectionId: 'c1',
        kind,
      });
    }
  });

  it.each(['', 'a:b', 'a b', 'ä', '../x', 'x'.repeat(101)])(
    'refuses the connection id %j',
    async (connectionId) => {
      expect(await codeOf(() => accountFor({ connectionId, kind: 'token' }))).toBe('invalid_input');
    },
  );

  it('refuses an unknown kind', async () => {
    expect(await codeOf(() => accountFor({ connectionId: 'c1', kind: 'api-key' as 'token' }))).toBe(
      'invalid_input',
    );
  });

  it.each(['c1', 'c1:', ':token', 'c1:apikey', 'a b:token', 'other-app-account'])(
    'does not take %j for one of ours',
    (account) => {
      expect(parseAccount(account)).toBeUndefined();
    },
  );
});

describe('fingerprint', () => {
  it('is 8 hex characters, stable, and differs between values', () => {
    const a = fingerprint('token-one');
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint('token-one')).toBe(a);
    expect(fingerprint('token-two')).not.toBe(a);
  });

  it('is not the plain SHA-256 of the value (app-specific prefix)', async () => {
    const { createHash } = await import('node:crypto');
    const plain = createHash('sha256').update('token-one').digest('hex').slice(0, 8);
    expect(fingerprint('token-one')).not.toBe(plain);
  });
});

describe('memory store', () => {
  it('round-trips, lists kinds in a fixed order, deletes and deletes all', async () => {
    const store = createMemoryStore();
    expect(store.storage).toBe('session');
    expect(await store.get({ connectionId: 'c1', kind: 'token' })).toBeNull();

    await store.set({ connectionId: 'c1', kind: 'passphrase' }, 'pp-value');
    await store.set({ connectionId: 'c1', kind: 'token' }, 'tok-value');
    await store.set({ connectionId: 'c2', kind: 'token' }, 'other-value');
    expect(await store.get({ connectionId: 'c1', kind: 'token' })).toBe('tok-value');
    expect(await store.list('c1')).toEqual(['token', 'passphrase']);

    await store.set({ connectionId: 'c1', kind: 'token' }, 'tok-value-2');
    expect(await store.get({ connectionId: 'c1', kind: 'token' })).toBe('tok-value-2');

    expect(await store.delete({ connectionId: 'c1', kind: 'token' })).toBe(true);
    expect(await store.delete({ connectionId: 'c1', kind: 'token' })).toBe(false);
    expect(await store.list('c1')).toEqual(['passphrase']);

    expect(await store.deleteAll('c1')).toBe(1);
    expect(await store.deleteAll('c1')).toBe(0);
    expect(await store.list('c1')).toEqual([]);
    expect(await store.get({ connectionId: 'c2', kind: 'token' })).toBe('other-value');
  });

  it('refuses empty and oversized values and bad ids', async () => {
    const store = createMemoryStore();
    expect(await codeOf(() => store.set({ connectionId: 'c1', kind: 'token' }, ''))).toBe(
      'invalid_input',
    );
    expect(
      await codeOf(() => store.set({ connectionId: 'c1', kind: 'token' }, 'x'.repeat(65_537))),
    ).toBe('invalid_input');
    expect(await codeOf(() => store.list('a:b'))).toBe('invalid_input');
    expect(await codeOf(() => store.deleteAll(''))).toBe('invalid_input');
  });

  it('keeps separate stores separate', async () => {
    const a = createMemoryStore();
    const b = createMemoryStore();
    await a.set({ connectionId: 'c1', kind: 'token' }, 'only-in-a');
    expect(await b.get({ connectionId: 'c1', kind: 'token' })).toBeNull();
  });
});
