import { readFile } from 'node:fs/promises';
import * as nodeTls from 'node:tls';
import type { ConnectionConfig } from '../../../preload/contract';
import { AppError } from '../errors';

/** TLS material and proxy for one connection, read from the files the operator named. */
export interface TransportOptions {
  tls?: {
    /** The roots to trust: the default ones plus the operator's CA bundle, when there is one. */
    ca?: string[];
    cert?: string;
    key?: string;
    pfx?: Buffer;
    passphrase?: string;
    rejectUnauthorized?: boolean;
  };
  /** An explicit http(s) proxy URL; undefined = direct. */
  proxyUrl?: string;
}

async function readMaterial(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError(
      'invalid_connection',
      `The ${what} file "${path}" cannot be read (${code}). Fix the path in the connection's TLS settings.`,
      { path, code },
    );
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificates Node trusts by default. Node 22.15+ (Electron's) can say so
 * itself, NODE_EXTRA_CA_CERTS and --use-system-ca included; older Node has only
 * its bundled Mozilla roots.
 */
function defaultRoots(): readonly string[] {
  const get = (nodeTls as { getCACertificates?: (type?: string) => string[] }).getCACertificates;
  return get ? get('default') : nodeTls.rootCertificates;
}

/**
 * The CA bundle added to the default roots. `tls.ca` replaces Node's trust
 * store rather than extending it, so passing the file alone would make every
 * public certificate fail once a corporate CA is configured.
 */
export function trustedRoots(bundle: string, path: string): string[] {
  const extra = bundle.match(PEM_CERTIFICATE) ?? [];
  if (extra.length === 0) {
    throw new AppError(
      'invalid_connection',
      `The CA bundle "${path}" holds no PEM certificate (no -----BEGIN CERTIFICATE----- block). Export the CA certificate as PEM / Base64 (not DER or PFX) and pick that file in the connection's TLS settings.`,
      { path },
    );
  }
  return [...defaultRoots(), ...extra];
}

/** The proxy the operator's environment names (HTTPS_PROXY / HTTP_PROXY), honouring NO_PROXY. */
export function systemProxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase());
  const host = url.hostname.toLowerCase();
  if (
    noProxy.some(
      (p) =>
        p === '*' ||
        (p && (host === p.replace(/^\./, '') || host.endsWith(p.startsWith('.') ? p : `.${p}`))),
    )
  ) {
    return undefined;
  }
  const value =
    url.protocol === 'https:'
      ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy)
      : (env.HTTP_PROXY ?? env.http_proxy);
  return value || undefined;
}

export async function transportFor(
  config: ConnectionConfig,
  url: URL,
  passphrase?: string,
): Promise<TransportOptions> {
  const tls: NonNullable<TransportOptions['tls']> = {
    rejectUnauthorized: config.tls.rejectUnauthorized,
  };
  if (config.tls.caFile) {
    const bundle = (await readMaterial(config.tls.caFile, 'CA bundle')).toString('utf8');
    tls.ca = trustedRoots(bundle, config.tls.caFile);
  }
  if (config.tls.clientCertFile)
    tls.cert = (await readMaterial(config.tls.clientCertFile, 'client certificate')).toString(
      'utf8',
    );
  if (config.tls.clientKeyFile)
    tls.key = (await readMaterial(config.tls.clientKeyFile, 'client key')).toString('utf8');
  if (config.tls.pfxFile) tls.pfx = await readMaterial(config.tls.pfxFile, 'PFX');
  if (passphrase) tls.passphrase = passphrase;
  const proxyUrl =
    config.proxy.mode === 'url'
      ? config.proxy.url
      : config.proxy.mode === 'system'
        ? systemProxyFor(url)
        : undefined;
  return { tls, proxyUrl };
}
