/** Tokens the demo tenant accepts; they only open a server bound to 127.0.0.1. */
export const DEMO_S1_TOKENS = {
  admin: 'demo-s1-admin-token',
  viewer: 'demo-s1-viewer-token',
  /** An admin token about to expire, to see the console's expiry warning. */
  expiring: 'demo-s1-expiring-token',
} as const;

/** Days until each demo token expires, counted from the real clock (the console compares with it). */
export const DEMO_S1_TOKEN_LIFETIME_DAYS: Record<keyof typeof DEMO_S1_TOKENS, number> = {
  admin: 152,
  viewer: 152,
  expiring: 5,
};

export const S1_API_PREFIX = '/web/api/v2.1';

/** The fixed "now" the seeded data is anchored to, so screenshots and tests are stable. */
export const DEFAULT_DEMO_NOW = '2026-11-01T12:00:00.000Z';
export const DEFAULT_DEMO_SEED = 20261101;

/** Request bodies above this size get a 413 envelope (real consoles cap uploads too). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The request log is a ring: a long demo session must not grow memory without bound. */
export const REQUEST_LOG_CAP = 10_000;

export const DATASET_SIZE = {
  sites: 6,
  groups: 20,
  agents: 5_000,
  threats: 1_500,
  activities: 10_000,
} as const;

export type DemoRole = 'admin' | 'viewer';
