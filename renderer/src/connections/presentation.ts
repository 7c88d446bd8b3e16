import type {
  AuthScheme,
  ConnectionKind,
  ConnectionSummary,
  EnvironmentLabel,
  SecretKindName,
} from '../../../preload/contract';
import { secretKindFor } from './config-draft';

export type Tone = 'default' | 'success' | 'info' | 'warning' | 'error';

export const KIND_LABELS: Record<ConnectionKind, string> = {
  sentinelone: 'SentinelOne console',
  'sentinel-secure-x': 'Sentinel Secure X',
  generic: 'Generic HTTP API',
};

/** Plain glyphs rather than an icon font: the console loads nothing from the network. */
export const KIND_GLYPHS: Record<ConnectionKind, string> = {
  sentinelone: '◈',
  'sentinel-secure-x': '▣',
  generic: '⇄',
};

export const ENVIRONMENT_TONES: Record<EnvironmentLabel, Tone> = {
  production: 'error',
  staging: 'warning',
  sandbox: 'info',
  demo: 'success',
};

export const ENVIRONMENT_LABELS: Record<EnvironmentLabel, string> = {
  production: 'Production',
  staging: 'Staging',
  sandbox: 'Sandbox',
  demo: 'Demo',
};

export const SCHEME_LABELS: Record<AuthScheme, string> = {
  ApiToken: 'API token',
  Bearer: 'Bearer token',
  Basic: 'Basic (user name and password)',
  OAuth2ClientCredentials: 'OAuth 2.0 client credentials',
  SsxSession: 'Secure X sign-in session',
  none: 'None',
};

export const SECRET_LABELS: Record<SecretKindName, string> = {
  token: 'Token',
  password: 'Password',
  'client-secret': 'Client secret',
  session: 'Session',
  passphrase: 'Key passphrase',
};

/** The field label for the credential a scheme needs. */
export function secretFieldLabel(scheme: AuthScheme): string {
  if (scheme === 'ApiToken') return 'API token';
  const kind = secretKindFor(scheme);
  return kind ? SECRET_LABELS[kind] : '';
}

/** "Token in keychain · fp 1a2b3c4d", "Session only", "No token": where the credential lives. */
export function secretStatusText(conn: ConnectionSummary): string {
  const kind = secretKindFor(conn.authScheme);
  if (conn.authScheme === 'none') return 'No credential needed';
  if (conn.authScheme === 'SsxSession') {
    return conn.session ? `Signed in as ${conn.session.admin.username}` : 'Not signed in';
  }
  if (!kind) return '';
  const label = SECRET_LABELS[kind];
  const status = conn.secrets.find((s) => s.kind === kind);
  const present = status?.present ?? conn.secret.present;
  const fingerprint = status?.fingerprint ?? conn.secret.fingerprint;
  if (!present) return `No ${label.toLowerCase()}`;
  const fp = fingerprint ? ` · fp ${fingerprint}` : '';
  if (status?.storage === 'session') return `Session only${fp}`;
  if (status?.storage === 'keychain') return `${label} in keychain${fp}`;
  return `${label} stored${fp}`;
}

export function secretPresent(conn: ConnectionSummary): boolean {
  const kind = secretKindFor(conn.authScheme);
  if (!kind) return conn.authScheme === 'none' || !!conn.session;
  return conn.secrets.find((s) => s.kind === kind)?.present ?? conn.secret.present;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local wall-clock time of an ISO timestamp, `HH:MM`; the raw text when it does not parse. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `2025-03-04 14:05` in local time, for session lists. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clockTime(iso)}`;
}

export const TOKEN_EXPIRY_WARNING_DAYS = 14;

export function expiryText(daysLeft: number): string {
  if (daysLeft < 0) return 'expired';
  const days = Math.floor(daysLeft);
  if (days === 0) return 'expires today';
  return `expires in ${days} ${days === 1 ? 'day' : 'days'}`;
}
