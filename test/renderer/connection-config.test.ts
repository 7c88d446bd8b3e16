import { describe, expect, it } from 'vitest';
import {
  configFromDraft,
  draftFromConfig,
  emptyDraft,
  newRateLimitRow,
} from '../../renderer/src/connections/config-draft';
import { fieldErrorsFrom, localFieldErrors } from '../../renderer/src/connections/field-errors';
import { secretStatusText } from '../../renderer/src/connections/presentation';
import { readConfirmationRequest } from '../../renderer/src/explorer/confirmation-request';
import { summary } from './fake-api';

describe('config draft', () => {
  it('sends only the fields of the chosen auth scheme and leaves empty optionals out', () => {
    const draft = emptyDraft('generic');
    draft.name = ' API ';
    draft.baseUrl = 'https://api.example.com ';
    draft.auth.scheme = 'Basic';
    draft.auth.username = 'ops';
    draft.auth.tokenUrl = 'https://stale.example.com/token';
    const config = configFromDraft(draft);
    expect(config).toMatchObject({
      name: 'API',
      baseUrl: 'https://api.example.com',
      auth: { scheme: 'Basic', username: 'ops' },
      proxy: { mode: 'none', url: undefined },
      rateLimits: [],
      timeoutMs: 30_000,
    });
    expect(config.auth.tokenUrl).toBeUndefined();
  });

  it('round-trips a config with a PFX certificate and rate limits', () => {
    const draft = draftFromConfig({
      name: 'x',
      kind: 'generic',
      baseUrl: 'https://x.example.com',
      environment: 'staging',
      readOnly: true,
      timeoutMs: 12_000,
      auth: { scheme: 'none', rememberSession: false },
      tls: { pfxFile: '/certs/me.pfx', rejectUnauthorized: false },
      proxy: { mode: 'url', url: 'http://proxy:3128' },
      rateLimits: [{ pathPrefix: '/a', perSecond: 2, burst: 3 }],
    });
    expect(draft.tls.clientCert).toBe('pfx');
    expect(draft.timeoutSeconds).toBe(12);
    expect(configFromDraft(draft)).toMatchObject({
      readOnly: true,
      timeoutMs: 12_000,
      tls: { pfxFile: '/certs/me.pfx', rejectUnauthorized: false, clientCertFile: undefined },
      proxy: { mode: 'url', url: 'http://proxy:3128' },
      rateLimits: [{ pathPrefix: '/a', perSecond: 2, burst: 3 }],
    });
  });
});

describe('field errors', () => {
  it('maps main’s details (a list or one problem) to field paths', () => {
    expect(
      fieldErrorsFrom({
        code: 'invalid_connection',
        message: 'x',
        details: [
          { path: ['tls', 'clientKeyFile'], message: 'needs a key' },
          { path: ['config', 'name'], message: 'name is required' },
          { message: 'no path' },
        ],
      }),
    ).toEqual({ 'tls.clientKeyFile': 'needs a key', name: 'name is required' });
    expect(
      fieldErrorsFrom({
        code: 'invalid_connection',
        message: 'x',
        details: { path: 'tenant', message: 'bad' },
      }),
    ).toEqual({ tenant: 'bad' });
    expect(fieldErrorsFrom({ code: 'internal', message: 'x' })).toEqual({});
  });

  it('allows http only for loopback', () => {
    const draft = emptyDraft('generic');
    draft.name = 'n';
    draft.baseUrl = 'http://127.0.0.1:4712/api';
    expect(localFieldErrors(draft)).toEqual({});
    draft.baseUrl = 'http://10.0.0.5/api';
    expect(localFieldErrors(draft).baseUrl).toMatch(/https/);
  });

  it('flags incomplete rate-limit rows by index', () => {
    const draft = emptyDraft('generic');
    draft.name = 'n';
    draft.baseUrl = 'https://x.example.com';
    draft.rateLimits = [
      newRateLimitRow({ pathPrefix: '/a', perSecond: 1, burst: 1 }),
      newRateLimitRow(),
    ];
    expect(Object.keys(localFieldErrors(draft))).toEqual([
      'rateLimits.1.pathPrefix',
      'rateLimits.1.perSecond',
      'rateLimits.1.burst',
    ]);
  });
});

describe('secret status', () => {
  it('says where the credential lives, with its fingerprint', () => {
    const inKeychain = summary({
      secrets: [{ kind: 'token', present: true, fingerprint: '1a2b3c4d', storage: 'keychain' }],
    });
    expect(secretStatusText(inKeychain)).toBe('Token in keychain · fp 1a2b3c4d');
    const session = summary({ secrets: [{ kind: 'token', present: true, storage: 'session' }] });
    expect(secretStatusText(session)).toBe('Session only');
    expect(secretStatusText(summary())).toBe('No token');
  });
});

describe('confirmation request', () => {
  it('accepts main’s shape and refuses anything else', () => {
    const req = {
      token: 't',
      connectionName: 'n',
      environment: 'production',
      method: 'DELETE',
      url: 'https://x/y',
      destructive: true,
      reason: 'r',
    };
    expect(readConfirmationRequest(req)).toMatchObject(req);
    expect(readConfirmationRequest({ ...req, environment: 'moon' })).toBeNull();
    expect(readConfirmationRequest({ ...req, destructive: 'yes' })).toBeNull();
    expect(readConfirmationRequest(null)).toBeNull();
  });
});
