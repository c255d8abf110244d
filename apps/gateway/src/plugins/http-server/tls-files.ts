import { createPrivateKey, X509Certificate } from 'node:crypto';
import { GatewayError } from '../../errors';
import { readKeyFile } from '../shared/read-key-file';
import type { HttpServerConfig } from './schema';

/** A server's certificate chain and key, read and checked. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * Reads `cert_file` and `key_file` (asynchronously, bounded) and checks them before a listener
 * sees them: the certificate must be a PEM X.509 certificate, the key a PEM private key, and the
 * key must belong to the certificate. Each failure is GW_VALIDATION naming its field.
 */
export async function readTls(c: Readonly<Pick<HttpServerConfig, 'cert_file' | 'key_file'>>): Promise<TlsFiles | undefined> {
  if (!c.cert_file && !c.key_file) return undefined;
  const [cert, key] = await Promise.all([readKeyFile(c.cert_file, 'config.cert_file'), readKeyFile(c.key_file, 'config.key_file')]);
  let x509: X509Certificate;
  try {
    if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no "BEGIN CERTIFICATE" block');
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw invalid('config.cert_file', `is not a PEM certificate: ${(err as Error).message}`, err);
  }
  let keyObject;
  try {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.toString('latin1'))) throw new Error('no "BEGIN … PRIVATE KEY" block');
    keyObject = createPrivateKey(key);
  } catch (err) {
    throw invalid('config.key_file', `is not a PEM private key: ${(err as Error).message}`, err);
  }
  if (!x509.checkPrivateKey(keyObject)) throw invalid('config.key_file', 'does not belong to the certificate in config.cert_file');
  return { cert, key };
}

function invalid(field: string, why: string, cause?: unknown): GatewayError {
  return new GatewayError('GW_VALIDATION', `${field} ${why}`, { field, ...(cause === undefined ? {} : { cause }) });
}
