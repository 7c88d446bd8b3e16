import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/errors';
import { mapRequestError, type FailureContext } from '../../main/core/http/error-map';

const url = new URL('https://tenant.example.net/web/api/v2.1/threats');
const ctx: FailureContext = { url, timeoutMs: 1500 };

/** An error shaped like the ones Node and undici throw: a code, maybe a cause. */
function nodeError(code: string | undefined, message = code ?? 'failed', cause?: unknown): Error {
  const err = new Error(message) as Error & { code?: string; cause?: unknown };
  if (code) err.code = code;
  if (cause) err.cause = cause;
  return err;
}

/** undici wraps the socket's error: `TypeError: fetch failed` / `SocketError` with a cause. */
const wrapped = (code: string) => nodeError('UND_ERR_SOCKET', 'other side closed', nodeError(code));

describe('mapRequestError', () => {
  it('passes an AppError through unchanged', () => {
    const own = new AppError('too_many_redirects', 'loop');
    expect(mapRequestError(own, ctx)).toBe(own);
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL'])(
    'maps %s to dns_failed naming the host and what to check',
    (code) => {
      const err = mapRequestError(nodeError(code), ctx);
      expect(err.code).toBe('dns_failed');
      expect(err.message).toMatch(/tenant\.example\.net/);
      expect(err.message).toMatch(/Check the spelling.*network or VPN/);
    },
  );

  it('maps ECONNREFUSED to connection_refused with host:port and what to check', () => {
    const err = mapRequestError(nodeError('ECONNREFUSED'), ctx);
    expect(err.code).toBe('connection_refused');
    expect(err.message).toMatch(/tenant\.example\.net:443/);
    expect(err.message).toMatch(/Check the base URL/);
  });

  it('finds a code inside an AggregateError (happy eyeballs)', () => {
    const agg = Object.assign(new AggregateError([nodeError('ECONNREFUSED')], 'all failed'), {});
    expect(mapRequestError(agg, ctx).code).toBe('connection_refused');
  });

  it.each(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED'])(
    'maps %s to connection_reset and says to try again',
    (code) => {
      const err = mapRequestError(nodeError(code), ctx);
      expect(err.code).toBe('connection_reset');
      expect(err.message).toMatch(/Try again/);
    },
  );

  it('hints at the client certificate when an https connection with one is dropped', () => {
    const err = mapRequestError(nodeError('UND_ERR_SOCKET', 'other side closed'), {
      ...ctx,
      clientCertificate: true,
    });
    expect(err.code).toBe('connection_reset');
    expect(err.message).toMatch(/may have rejected the one configured/);
    expect(mapRequestError(nodeError('UND_ERR_SOCKET'), ctx).message).not.toMatch(/client cert/);
  });

  it.each([
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'ETIMEDOUT',
  ])('maps %s to timeout and says to raise it', (code) => {
    const err = mapRequestError(nodeError(code), ctx);
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/Raise the timeout/);
    expect(err.details).toEqual({ timeoutMs: 1500 });
  });

  it('reports our own timeout with the configured limit, whatever undici threw', () => {
    const err = mapRequestError(nodeError('UND_ERR_ABORTED'), { ...ctx, abortReason: 'timeout' });
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/within 1500 ms\. Raise the timeout/);
  });

  it('reports a cancel as aborted, from the signal or from the error', () => {
    const byUs = mapRequestError(nodeError('ECONNRESET'), { ...ctx, abortReason: 'cancelled' });
    expect(byUs.code).toBe('aborted');
    expect(byUs.message).toMatch(/cancelled\. Send it again/);
    for (const code of ['UND_ERR_ABORTED', 'ABORT_ERR']) {
      expect(mapRequestError(nodeError(code), ctx).code).toBe('aborted');
    }
  });

  it.each([
    ['CERT_HAS_EXPIRED', /has expired\. The server's owner has to renew it/],
    ['CERT_NOT_YET_VALID', /not valid yet\. Check this machine's date and time/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /self-signed certificate\. If you trust this server, add/],
    ['SELF_SIGNED_CERT_IN_CHAIN', /not trusted\. If this is a private or corporate CA/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /does not trust\. If this is a private or corporate CA/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /not trusted on this machine\. .*CA bundle/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /does not name this host\. Use the host name/],
    ['CERT_REVOKED', /revoked\. Do not use this server/],
    ['CERT_SIGNATURE_FAILURE', /does not verify\. The certificate is damaged or forged/],
  ])('maps %s to tls_error with the problem and the fix', (code, message) => {
    const err = mapRequestError(wrapped(code), ctx);
    expect(err.code).toBe('tls_error');
    expect(err.message).toMatch(/^Secure connection to tenant\.example\.net:443 failed: /);
    expect(err.message).toMatch(message);
    expect(err.details).toEqual({ certificateError: code });
  });

  it('says the server wants a client certificate when a TLS 1.3 alert says so', () => {
    const err = mapRequestError(nodeError('UND_ERR_SOCKET', 'other side closed'), {
      ...ctx,
      socketError: nodeError('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'),
    });
    expect(err.code).toBe('tls_error');
    expect(err.message).toMatch(/requires a client certificate.*Add the client certificate/);
  });

  it('reads a bare handshake-failure alert by whether a client certificate is configured', () => {
    const alert = nodeError('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    expect(mapRequestError(alert, ctx).message).toMatch(/requires a client certificate/);
    expect(mapRequestError(alert, { ...ctx, clientCertificate: true }).message).toMatch(
      /rejected the client certificate\. Check the client certificate/,
    );
  });

  it('says the server rejected the client certificate on an unknown-CA alert', () => {
    const err = mapRequestError(nodeError('ERR_SSL_TLSV13_ALERT_UNKNOWN_CA'), {
      ...ctx,
      clientCertificate: true,
    });
    expect(err.code).toBe('tls_error');
    expect(err.message).toMatch(
      /rejected the client certificate.*issued by a CA the server trusts/,
    );
  });

  it('names a wrong PFX passphrase (OpenSSL reports it without a code)', () => {
    const err = mapRequestError(nodeError(undefined, 'mac verify failure'), {
      ...ctx,
      clientCertificate: true,
      pfx: true,
    });
    expect(err.code).toBe('tls_error');
    expect(err.message).toMatch(/passphrase is wrong.*Enter the right key passphrase/);
  });

  it.each([
    ['ERR_OSSL_BAD_DECRYPT', /passphrase is wrong or missing\. Enter the key passphrase/],
    ['ERR_OSSL_X509_KEY_VALUES_MISMATCH', /does not belong to the client certificate\. Pick/],
    ['ERR_OSSL_PEM_NO_START_LINE', /not in PEM format\. Export them as PEM/],
  ])('names a broken client certificate or key (%s)', (code, message) => {
    const err = mapRequestError(nodeError(code), { ...ctx, clientCertificate: true });
    expect(err.code).toBe('tls_error');
    expect(err.message).toMatch(message);
  });

  it('calls an unreadable PFX a bad file only when a PFX is configured', () => {
    const err = nodeError(undefined, 'not enough data');
    expect(mapRequestError(err, { ...ctx, pfx: true }).message).toMatch(
      /not a valid PKCS#12 file\. Export the client certificate again/,
    );
    expect(mapRequestError(err, ctx).code).toBe('connection_reset');
  });

  it('keeps any other TLS code as tls_error with what Node said', () => {
    const err = mapRequestError(
      nodeError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      ctx,
    );
    expect(err.code).toBe('tls_error');
    expect(err.message).toMatch(/handshake failed \(wrong version number\)\. Check that the URL/);
  });

  it('maps an invalid header value to invalid_header and says nothing was sent', () => {
    const err = mapRequestError(nodeError('UND_ERR_INVALID_ARG', 'invalid header value'), ctx);
    expect(err.code).toBe('invalid_header');
    expect(err.message).toMatch(/invalid header value\. Check the URL and the headers/);
  });

  describe('through a proxy', () => {
    const proxied = { ...ctx, proxyUrl: 'http://proxy.corp:3128' };

    it('says the proxy cannot be reached', () => {
      const err = mapRequestError(nodeError('ECONNREFUSED'), proxied);
      expect(err.code).toBe('proxy_failed');
      expect(err.message).toMatch(/proxy\.corp:3128 cannot be reached.*Check the proxy setting/);
    });

    it('says the proxy refused the tunnel, with its status', () => {
      const err = mapRequestError(
        nodeError('UND_ERR_ABORTED', 'Proxy response (407) !== 200 when HTTP Tunneling'),
        proxied,
      );
      expect(err.code).toBe('proxy_failed');
      expect(err.message).toMatch(
        /refused to open a tunnel.*HTTP 407.*Check the proxy's allow list/,
      );
    });
  });

  it('falls back to connection_reset with what Node said and what to check', () => {
    const err = mapRequestError(nodeError('ESOMETHINGNEW', 'weird failure'), ctx);
    expect(err.code).toBe('connection_reset');
    expect(err.message).toMatch(/failed: weird failure\. Check your network/);
    expect(err.details).toEqual({ codes: ['ESOMETHINGNEW'] });
    expect(mapRequestError('not even an error', ctx).message).toMatch(
      /unknown network error\. Check your network/,
    );
  });
});
