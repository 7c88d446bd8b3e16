/** Connection, credential and Sentinel Secure X session schemas of the contract. */
import { z } from 'zod';

export const EnvironmentLabelSchema = z.enum(['production', 'staging', 'sandbox', 'demo']);
export type EnvironmentLabel = z.infer<typeof EnvironmentLabelSchema>;

export const ConnectionKindSchema = z.enum(['sentinelone', 'sentinel-secure-x', 'generic']);
export type ConnectionKind = z.infer<typeof ConnectionKindSchema>;

export const AuthSchemeSchema = z.enum([
  'ApiToken',
  'Bearer',
  'Basic',
  'OAuth2ClientCredentials',
  'SsxSession',
  'none',
]);
export type AuthScheme = z.infer<typeof AuthSchemeSchema>;

export const SecretKindSchema = z.enum([
  'token',
  'password',
  'client-secret',
  'session',
  'passphrase',
]);
export type SecretKindName = z.infer<typeof SecretKindSchema>;

export const RateLimitRuleSchema = z.object({
  /** Path prefix relative to the base URL, e.g. `/threats` or `/dv/init-query`. */
  pathPrefix: z.string().min(1).max(300),
  /** Sustained requests per second (0.0167 = one a minute). */
  perSecond: z.number().positive().max(10_000),
  burst: z.number().int().min(1).max(10_000),
});
export type RateLimitRule = z.infer<typeof RateLimitRuleSchema>;

const FilePath = z.string().min(1).max(4096);

/** What the operator edits; never contains a secret value. */
export const ConnectionConfigSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(120),
    kind: ConnectionKindSchema,
    baseUrl: z.string().trim().min(1, 'base URL is required').max(2048),
    environment: EnvironmentLabelSchema.exclude(['demo']),
    readOnly: z.boolean().default(false),
    timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
    auth: z
      .object({
        scheme: AuthSchemeSchema,
        /** Basic and Sentinel Secure X sign-in. */
        username: z.string().max(256).optional(),
        /** OAuth 2.0 client credentials. */
        tokenUrl: z.string().max(2048).optional(),
        clientId: z.string().max(512).optional(),
        scope: z.string().max(1024).optional(),
        /** Sentinel Secure X: keep the session in the keychain until it expires. */
        rememberSession: z.boolean().default(false),
      })
      .strict(),
    tls: z
      .object({
        caFile: FilePath.optional(),
        clientCertFile: FilePath.optional(),
        clientKeyFile: FilePath.optional(),
        pfxFile: FilePath.optional(),
        rejectUnauthorized: z.boolean().default(true),
      })
      .strict()
      .default({ rejectUnauthorized: true }),
    proxy: z
      .object({ mode: z.enum(['none', 'system', 'url']), url: z.string().max(2048).optional() })
      .strict()
      .default({ mode: 'none' }),
    rateLimits: z.array(RateLimitRuleSchema.strict()).max(200).optional(),
  })
  .strict();
export type ConnectionConfig = z.output<typeof ConnectionConfigSchema>;
export type ConnectionConfigInput = z.input<typeof ConnectionConfigSchema>;

export const SecretStatusSchema = z.object({
  kind: SecretKindSchema,
  present: z.boolean(),
  /** Short non-reversible fingerprint so the operator can tell two tokens apart. */
  fingerprint: z.string().optional(),
  storage: z.enum(['keychain', 'session']).optional(),
});
export type SecretStatus = z.infer<typeof SecretStatusSchema>;

export const SsxAdminSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().optional(),
  role: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
});
export type SsxAdmin = z.infer<typeof SsxAdminSchema>;

export const ConnectionSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ConnectionKindSchema,
  environment: EnvironmentLabelSchema,
  /** Empty while a demo tenant is not running. */
  baseUrl: z.string(),
  authScheme: AuthSchemeSchema,
  /** The main credential (token, password, client secret); the value never leaves main. */
  secret: z.object({ present: z.boolean(), fingerprint: z.string().optional() }),
  secrets: z.array(SecretStatusSchema).default([]),
  demo: z.boolean(),
  /** For a demo connection: is its tenant server up right now. */
  running: z.boolean().optional(),
  readOnly: z.boolean().default(false),
  /** The editable configuration (absent for built-in demo connections). */
  config: ConnectionConfigSchema.optional(),
  /** Sentinel Secure X: the signed-in admin, when there is a session. */
  session: z
    .object({ admin: SsxAdminSchema, expiresAt: z.string(), remembered: z.boolean() })
    .optional(),
});
export type ConnectionSummary = z.infer<typeof ConnectionSummarySchema>;

export const DiagnosisSchema = z.object({
  ok: z.boolean(),
  /** Stable code: ok, dns_failed, tls_error, connection_refused, timeout, unauthorized, forbidden, not_found, proxy_failed, … */
  code: z.string(),
  title: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  latencyMs: z.number().optional(),
  /** SentinelOne API token expiry, where the API reports it. */
  tokenExpiry: z
    .object({ expiresAt: z.string(), daysLeft: z.number(), warning: z.boolean() })
    .optional(),
  /** The call used for the test, for the operator to repeat it. */
  request: z.object({ method: z.string(), url: z.string() }).optional(),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

export const SsxSessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastSeenAt: z.string().nullish(),
  userAgent: z.string().nullish(),
  ip: z.string().nullish(),
  current: z.boolean(),
});
export type SsxSession = z.infer<typeof SsxSessionSchema>;

/** Shown to the operator before main sends a mutating request on a production connection. */
export const ConfirmationRequestSchema = z.object({
  token: z.string(),
  connectionName: z.string(),
  environment: EnvironmentLabelSchema,
  method: z.string(),
  url: z.string(),
  body: z.string().optional(),
  targetCount: z.number().int().optional(),
  destructive: z.boolean(),
  reason: z.string(),
});
export type ConfirmationRequest = z.infer<typeof ConfirmationRequestSchema>;
