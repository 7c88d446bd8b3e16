import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway self-signed certificate for 127.0.0.1, made by the real openssl. */
export function selfSignedCert(days = 1): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'soc-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-days',
      String(days),
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  };
}

/** A throwaway certificate authority, made by the real openssl; `dir` holds its files. */
export interface TestCa {
  name: string;
  dir: string;
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

export interface IssuedCert {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

export function createTestCa(name = 'Test CA'): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'soc-ca-'));
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-days',
      '1',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
    ],
    dir,
  );
  return {
    name,
    dir,
    cert: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    key: readFileSync(join(dir, 'ca.key'), 'utf8'),
    certFile: join(dir, 'ca.pem'),
    keyFile: join(dir, 'ca.key'),
  };
}

/**
 * A certificate signed by `ca`: for a server (`127.0.0.1` as IP SAN) or, with
 * `client: true`, for TLS client authentication.
 */
export function issueCert(ca: TestCa, opts: { cn: string; client?: boolean }): IssuedCert {
  const dir = mkdtempSync(join(tmpdir(), 'soc-cert-'));
  openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${opts.cn}`,
      '-keyout',
      'key.pem',
      '-out',
      'req.csr',
    ],
    dir,
  );
  writeFileSync(
    join(dir, 'ext.cnf'),
    opts.client
      ? 'extendedKeyUsage=clientAuth\n'
      : 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'req.csr',
      '-CA',
      ca.certFile,
      '-CAkey',
      ca.keyFile,
      '-CAcreateserial',
      '-CAserial',
      join(dir, 'ca.srl'),
      '-days',
      '1',
      '-extfile',
      'ext.cnf',
      '-out',
      'cert.pem',
    ],
    dir,
  );
  return {
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    certFile: join(dir, 'cert.pem'),
    keyFile: join(dir, 'key.pem'),
  };
}

/** The certificate and key as a PKCS#12 (.pfx) file protected by `passphrase`; returns its path. */
export function pfxOf(issued: IssuedCert, passphrase: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'soc-pfx-')), 'client.pfx');
  openssl(
    [
      'pkcs12',
      '-export',
      '-in',
      issued.certFile,
      '-inkey',
      issued.keyFile,
      '-out',
      file,
      '-passout',
      `pass:${passphrase}`,
    ],
    tmpdir(),
  );
  return file;
}
