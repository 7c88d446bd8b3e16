import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ConnectionConfigSchema } from '../../preload/contract';
import { AppError } from '../../main/core/errors';
import { transportFor } from '../../main/core/http/transport-options';
import { createTestCa } from '../helpers/tls-cert';

function config(tls: Record<string, unknown>) {
  return ConnectionConfigSchema.parse({
    name: 'CA test',
    kind: 'generic',
    baseUrl: 'https://api.example.net',
    environment: 'staging',
    auth: { scheme: 'none' },
    tls,
  });
}

const url = new URL('https://api.example.net/');

describe('transportFor and the CA bundle', () => {
  it('adds the CA bundle to the default roots instead of replacing them', async () => {
    const ca = createTestCa('Corp Root X');
    const other = createTestCa('Corp Root Y');
    const bundle = join(mkdtempSync(join(tmpdir(), 'soc-bundle-')), 'bundle.pem');
    writeFileSync(bundle, `# corporate roots\n${ca.cert}\n${other.cert}`);
    const t = await transportFor(config({ caFile: bundle }), url);
    const trusted = t.tls!.ca!;
    expect(trusted).toEqual(expect.arrayContaining([...rootCertificates]));
    expect(trusted.map((c) => c.trim())).toEqual(
      expect.arrayContaining([ca.cert.trim(), other.cert.trim()]),
    );
    expect(trusted).toHaveLength(rootCertificates.length + 2);
  });

  it('leaves the default trust store alone without a CA bundle', async () => {
    const t = await transportFor(config({}), url);
    expect(t.tls!.ca).toBeUndefined();
  });

  it('refuses a CA file that is not PEM, saying how to export one', async () => {
    const der = join(mkdtempSync(join(tmpdir(), 'soc-bundle-')), 'ca.der');
    writeFileSync(der, Buffer.from([0x30, 0x82, 0x03, 0x1f, 0x30, 0x82]));
    const err = await transportFor(config({ caFile: der }), url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_connection');
    expect((err as AppError).message).toMatch(
      /no PEM certificate.*Export the CA certificate as PEM/,
    );
    expect((err as AppError).message).toContain(der);
  });
});
