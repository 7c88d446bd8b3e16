/** A TLS failure in words an operator can act on. */
export interface TlsProblem {
  /** The code (or message) it was recognised by; goes into the error's details. */
  cause: string;
  /** What went wrong, as a clause: "the server certificate has expired". */
  problem: string;
  /** What to do, as a sentence. */
  advice: string;
}

const ADD_CA =
  "If this is a private or corporate CA (or a TLS-inspecting proxy), add its certificate to the connection's CA bundle in the TLS settings.";
const CHECK_CLIENT_CERT =
  "Check the client certificate in the connection's TLS settings: it must be the one the server expects, issued by a CA the server trusts, and not expired.";
const ADD_CLIENT_CERT =
  "Add the client certificate (a PEM certificate and key, or a PFX file) in the connection's TLS settings.";

/** Certificate verification codes of the server's certificate (OpenSSL's names, as Node reports them). */
const SERVER_CERTIFICATE: Record<string, Omit<TlsProblem, 'cause'>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    problem: 'the server presents a self-signed certificate',
    advice:
      "If you trust this server, add that certificate to the connection's CA bundle in the TLS settings.",
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    problem: 'the certificate chain ends in a self-signed certificate that is not trusted',
    advice: ADD_CA,
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    problem: 'the certificate was issued by an authority this machine does not trust',
    advice: ADD_CA,
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    problem: 'the issuer of the certificate is not trusted on this machine',
    advice: ADD_CA,
  },
  UNABLE_TO_GET_ISSUER_CERT: {
    problem: 'the issuer of the certificate could not be found',
    advice: ADD_CA,
  },
  CERT_HAS_EXPIRED: {
    problem: 'the server certificate has expired',
    advice:
      "The server's owner has to renew it; if it looks recent, check this machine's date and time.",
  },
  CERT_NOT_YET_VALID: {
    problem: 'the server certificate is not valid yet',
    advice: "Check this machine's date and time.",
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    problem: 'the certificate does not name this host',
    advice:
      'Use the host name the certificate was issued for in the URL, or ask the server owner for a certificate that names this one.',
  },
  CERT_REVOKED: {
    problem: 'the certificate has been revoked',
    advice: 'Do not use this server until its owner replaces the certificate.',
  },
  CERT_SIGNATURE_FAILURE: {
    problem: 'the certificate signature does not verify',
    advice: 'The certificate is damaged or forged; do not continue, and tell the server owner.',
  },
};

/** Alerts the server sends when it does not accept the client certificate. */
const CLIENT_CERTIFICATE_REJECTED = new Set([
  'ERR_SSL_TLSV13_ALERT_UNKNOWN_CA',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

/**
 * Recognises a TLS failure from the error codes of the whole cause chain (and
 * the message, for OpenSSL errors Node reports without a code).
 * `material` says what the connection has configured: a bare "handshake
 * failure" alert means "certificate required" only when it has no client
 * certificate, and an ASN.1 parse error names the PFX only when there is one.
 */
export function describeTlsFailure(
  codes: readonly string[],
  detail: string,
  material: { clientCertificate?: boolean; pfx?: boolean } = {},
): TlsProblem | undefined {
  const clientCertificate = material.clientCertificate === true;
  for (const cause of codes) {
    const known = SERVER_CERTIFICATE[cause];
    if (known) return { cause, ...known };
  }
  for (const cause of codes) {
    if (
      cause === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' ||
      (cause === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' && !clientCertificate)
    ) {
      return {
        cause,
        problem: 'the server requires a client certificate, and the connection has none',
        advice: ADD_CLIENT_CERT,
      };
    }
    if (
      CLIENT_CERTIFICATE_REJECTED.has(cause) ||
      (cause === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' && clientCertificate)
    ) {
      return {
        cause,
        problem: 'the server rejected the client certificate',
        advice: CHECK_CLIENT_CERT,
      };
    }
    if (cause === 'ERR_OSSL_BAD_DECRYPT') {
      return {
        cause,
        problem: "the client key's passphrase is wrong or missing",
        advice: "Enter the key passphrase in the connection's TLS settings and try again.",
      };
    }
    if (cause === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
      return {
        cause,
        problem: 'the client key does not belong to the client certificate',
        advice:
          "Pick the key file that was made with this certificate in the connection's TLS settings.",
      };
    }
    if (cause === 'ERR_OSSL_PEM_NO_START_LINE') {
      return {
        cause,
        problem: 'the client certificate or key file is not in PEM format',
        advice:
          "Export them as PEM (text starting with -----BEGIN), or use a PFX file, in the connection's TLS settings.",
      };
    }
  }
  // Node reports PKCS#12 failures from OpenSSL with a message only.
  if (/mac verify failure/i.test(detail)) {
    return {
      cause: 'PKCS12_MAC_VERIFY_FAILURE',
      problem:
        "the client certificate's passphrase is wrong (the PFX file cannot be opened with it)",
      advice: "Enter the right key passphrase in the connection's TLS settings and try again.",
    };
  }
  if (
    material.pfx &&
    /not enough data|unsupported pkcs12|wrong tag|header too long/i.test(detail)
  ) {
    return {
      cause: 'PKCS12_INVALID',
      problem: 'the PFX file is not a valid PKCS#12 file',
      advice:
        "Export the client certificate again as .pfx/.p12, or use a PEM certificate and key, in the connection's TLS settings.",
    };
  }
  const other = codes.find((c) => c.startsWith('ERR_SSL') || c.startsWith('ERR_TLS'));
  if (other) {
    return {
      cause: other,
      problem: `the TLS handshake failed (${detail || other})`,
      advice: `Check that the URL is the server's HTTPS address and, for a private CA, that its certificate is in the connection's CA bundle.`,
    };
  }
  return undefined;
}
