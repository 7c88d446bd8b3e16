/** The Secure X route map lives under /api; the demo serves it at the origin's root. */
export const SSX_API_PREFIX = '/api';

/** Test hooks (log, reset, session TTL); loopback only and never logged. */
export const SSX_CONTROL_PREFIX = '/__demo';

/** Secure X caps JSON request bodies at 1 MB; larger ones get a 413 envelope. */
export const SSX_MAX_BODY_BYTES = 1024 * 1024;

/** Admin JWT lifetime unless the options or `setSessionTtl` say otherwise. */
export const DEFAULT_SESSION_TTL_SECONDS = 3600;

/** Longest TTL the control route accepts (a week): longer ones are a typo, not a test. */
export const MAX_SESSION_TTL_SECONDS = 7 * 24 * 3600;

/** RFC 6750 challenge realm sent with every 401. */
export const SSX_AUTH_REALM = 'sentinel-secure-x';
