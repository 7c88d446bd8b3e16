import type {
  AuthScheme,
  ConnectionConfig,
  ConnectionConfigInput,
  ConnectionKind,
  RateLimitRule,
  SecretKindName,
} from '../../../preload/contract';

export type EditableEnvironment = ConnectionConfig['environment'];
export type ClientCertMode = 'none' | 'pem' | 'pfx';
export type ProxyMode = ConnectionConfig['proxy']['mode'];

/** One editable rate-limit rule; numbers stay null while the operator clears a cell. */
export interface RateLimitRow {
  id: string;
  pathPrefix: string;
  perSecond: number | null;
  burst: number | null;
}

/** The editor's form state: strings where the operator types, mapped to a config on save. */
export interface ConfigDraft {
  kind: ConnectionKind;
  name: string;
  baseUrl: string;
  environment: EditableEnvironment;
  readOnly: boolean;
  timeoutSeconds: number | null;
  auth: {
    scheme: AuthScheme;
    username: string;
    tokenUrl: string;
    clientId: string;
    scope: string;
    rememberSession: boolean;
  };
  tls: {
    caFile: string;
    clientCert: ClientCertMode;
    clientCertFile: string;
    clientKeyFile: string;
    pfxFile: string;
    rejectUnauthorized: boolean;
  };
  proxy: { mode: ProxyMode; url: string };
  rateLimits: RateLimitRow[];
}

/** The schemes the editor offers per kind, first one the default. */
export const AUTH_SCHEMES: Record<ConnectionKind, readonly AuthScheme[]> = {
  sentinelone: ['ApiToken'],
  'sentinel-secure-x': ['SsxSession'],
  generic: ['Bearer', 'Basic', 'OAuth2ClientCredentials', 'none'],
};

const SECRET_KINDS: Partial<Record<AuthScheme, SecretKindName>> = {
  ApiToken: 'token',
  Bearer: 'token',
  Basic: 'password',
  OAuth2ClientCredentials: 'client-secret',
};

/** The credential the editor asks for; Secure X signs in from its own dialog instead. */
export function secretKindFor(scheme: AuthScheme): SecretKindName | null {
  return SECRET_KINDS[scheme] ?? null;
}

let rowSeq = 0;

export function newRateLimitRow(rule?: RateLimitRule): RateLimitRow {
  rowSeq += 1;
  return {
    id: `rl-${rowSeq}`,
    pathPrefix: rule?.pathPrefix ?? '',
    perSecond: rule?.perSecond ?? null,
    burst: rule?.burst ?? null,
  };
}

export function emptyDraft(kind: ConnectionKind = 'sentinelone'): ConfigDraft {
  return {
    kind,
    name: '',
    baseUrl: '',
    // Unknown means "treat as live": production gets the banner and the confirmations.
    environment: 'production',
    readOnly: false,
    timeoutSeconds: 30,
    auth: {
      scheme: AUTH_SCHEMES[kind][0]!,
      username: '',
      tokenUrl: '',
      clientId: '',
      scope: '',
      rememberSession: false,
    },
    tls: {
      caFile: '',
      clientCert: 'none',
      clientCertFile: '',
      clientKeyFile: '',
      pfxFile: '',
      rejectUnauthorized: true,
    },
    proxy: { mode: 'none', url: '' },
    rateLimits: [],
  };
}

export function draftFromConfig(config: ConnectionConfig): ConfigDraft {
  const tls = config.tls;
  return {
    kind: config.kind,
    name: config.name,
    baseUrl: config.baseUrl,
    environment: config.environment,
    readOnly: config.readOnly,
    timeoutSeconds: Math.round(config.timeoutMs / 1000),
    auth: {
      scheme: config.auth.scheme,
      username: config.auth.username ?? '',
      tokenUrl: config.auth.tokenUrl ?? '',
      clientId: config.auth.clientId ?? '',
      scope: config.auth.scope ?? '',
      rememberSession: config.auth.rememberSession,
    },
    tls: {
      caFile: tls.caFile ?? '',
      clientCert: tls.pfxFile ? 'pfx' : tls.clientCertFile ? 'pem' : 'none',
      clientCertFile: tls.clientCertFile ?? '',
      clientKeyFile: tls.clientKeyFile ?? '',
      pfxFile: tls.pfxFile ?? '',
      rejectUnauthorized: tls.rejectUnauthorized,
    },
    proxy: { mode: config.proxy.mode, url: config.proxy.url ?? '' },
    rateLimits: (config.rateLimits ?? []).map((rule) => newRateLimitRow(rule)),
  };
}

/** A trimmed value, or undefined so optional fields are left out rather than sent empty. */
function opt(text: string): string | undefined {
  const t = text.trim();
  return t === '' ? undefined : t;
}

/** Only the fields the chosen scheme uses, so a stale username never rides along. */
function authFromDraft(auth: ConfigDraft['auth']): ConnectionConfigInput['auth'] {
  const out: ConnectionConfigInput['auth'] = { scheme: auth.scheme };
  if (auth.scheme === 'Basic' || auth.scheme === 'SsxSession') out.username = opt(auth.username);
  if (auth.scheme === 'SsxSession') out.rememberSession = auth.rememberSession;
  if (auth.scheme === 'OAuth2ClientCredentials') {
    out.tokenUrl = opt(auth.tokenUrl);
    out.clientId = opt(auth.clientId);
    out.scope = opt(auth.scope);
  }
  return out;
}

function tlsFromDraft(tls: ConfigDraft['tls']): NonNullable<ConnectionConfigInput['tls']> {
  return {
    caFile: opt(tls.caFile),
    clientCertFile: tls.clientCert === 'pem' ? opt(tls.clientCertFile) : undefined,
    clientKeyFile: tls.clientCert === 'pem' ? opt(tls.clientKeyFile) : undefined,
    pfxFile: tls.clientCert === 'pfx' ? opt(tls.pfxFile) : undefined,
    rejectUnauthorized: tls.rejectUnauthorized,
  };
}

/** What goes to `connections:create` / `:update`; main validates it again and has the last word. */
export function configFromDraft(draft: ConfigDraft): ConnectionConfigInput {
  // Blank rows are not dropped: the indices in main's field errors must match the table's rows.
  const rules = draft.rateLimits;
  return {
    name: draft.name.trim(),
    kind: draft.kind,
    baseUrl: draft.baseUrl.trim(),
    environment: draft.environment,
    readOnly: draft.readOnly,
    timeoutMs: Math.round((draft.timeoutSeconds ?? 30) * 1000),
    auth: authFromDraft(draft.auth),
    tls: tlsFromDraft(draft.tls),
    proxy: {
      mode: draft.proxy.mode,
      url: draft.proxy.mode === 'url' ? opt(draft.proxy.url) : undefined,
    },
    // An empty table is a choice (no pacing); the editor starts SentinelOne ones on the defaults.
    rateLimits: rules.map((r) => ({
      pathPrefix: r.pathPrefix.trim(),
      perSecond: r.perSecond ?? 0,
      burst: r.burst ?? 0,
    })),
  };
}
