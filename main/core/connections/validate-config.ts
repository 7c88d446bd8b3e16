import { isIP } from 'node:net';
import type { ConnectionConfig } from '../../../preload/contract';
import { AppError } from '../errors';

type Problem = { path: string[]; message: string };

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

function checkUrl(raw: string, path: string[], problems: Problem[], what: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push({ path, message: `${what} is not a valid URL` });
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push({ path, message: `${what} must be an https URL` });
  } else if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    // Tokens would cross the network in clear text; only the local demo tenants may use http.
    problems.push({
      path,
      message: `${what} must use https (http is allowed only for 127.0.0.1 / localhost)`,
    });
  }
  if (url.username || url.password) {
    problems.push({
      path,
      message: `${what} must not contain a user name or password; use the credential field`,
    });
  }
  if (url.search || url.hash) problems.push({ path, message: `${what} must not contain ? or #` });
  return url;
}

/** Checks what the schema cannot: URL rules, and the fields each auth scheme needs. */
export function validateConnectionConfig(config: ConnectionConfig): ConnectionConfig {
  const problems: Problem[] = [];
  const base = checkUrl(config.baseUrl, ['baseUrl'], problems, 'Base URL');
  const scheme = config.auth.scheme;
  const allowed: Record<ConnectionConfig['kind'], string[]> = {
    sentinelone: ['ApiToken', 'Bearer'],
    'sentinel-secure-x': ['SsxSession'],
    generic: ['Bearer', 'Basic', 'OAuth2ClientCredentials', 'ApiToken', 'none'],
  };
  if (!allowed[config.kind].includes(scheme)) {
    problems.push({
      path: ['auth', 'scheme'],
      message: `${scheme} is not available for this kind (use ${allowed[config.kind].join(' or ')})`,
    });
  }
  if (scheme === 'Basic' && !config.auth.username) {
    problems.push({
      path: ['auth', 'username'],
      message: 'Basic authentication needs a user name',
    });
  }
  if (scheme === 'OAuth2ClientCredentials') {
    if (!config.auth.tokenUrl)
      problems.push({ path: ['auth', 'tokenUrl'], message: 'token URL is required' });
    else checkUrl(config.auth.tokenUrl, ['auth', 'tokenUrl'], problems, 'Token URL');
    if (!config.auth.clientId)
      problems.push({ path: ['auth', 'clientId'], message: 'client id is required' });
  }
  if (config.proxy.mode === 'url') {
    if (!config.proxy.url)
      problems.push({ path: ['proxy', 'url'], message: 'proxy URL is required' });
    else {
      try {
        const p = new URL(config.proxy.url);
        if (p.protocol !== 'http:' && p.protocol !== 'https:') throw new Error('scheme');
      } catch {
        problems.push({ path: ['proxy', 'url'], message: 'proxy URL must be http:// or https://' });
      }
    }
  }
  if (config.tls.clientCertFile && !config.tls.clientKeyFile) {
    problems.push({
      path: ['tls', 'clientKeyFile'],
      message: 'a client certificate needs its key file',
    });
  }
  if (config.tls.pfxFile && config.tls.clientCertFile) {
    problems.push({
      path: ['tls', 'pfxFile'],
      message: 'use either a PFX file or a PEM certificate and key',
    });
  }
  if (problems.length > 0) {
    throw new AppError(
      'invalid_connection',
      `The connection cannot be saved: ${problems.map((p) => p.message).join('; ')}.`,
      problems,
    );
  }
  return { ...config, baseUrl: base ? base.href.replace(/\/+$/, '') : config.baseUrl };
}
