import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The demo's token key as TokenIssuer/TokenValidator take it: PEM files, not inline PEM. */
export interface DemoTokenKeyFiles {
  kid: string;
  alg: 'EdDSA';
  private_key_file: string;
  public_key_file: string;
}

/**
 * The demo's Ed25519 token signing key, made once in `<dataDir>/keys` (mode 0700) as two PEM files
 * of mode 0600, so plugins.json names the files and holds no key material. Files found with
 * looser modes are tightened.
 */
export function demoTokenKeyFiles(dataDir: string): DemoTokenKeyFiles {
  const dir = join(dataDir, 'keys');
  const key: DemoTokenKeyFiles = {
    kid: 'demo-1',
    alg: 'EdDSA',
    private_key_file: join(dir, 'demo-token-ed25519.key.pem'),
    public_key_file: join(dir, 'demo-token-ed25519.pub.pem'),
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (!existsSync(key.private_key_file) || !existsSync(key.public_key_file)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(key.private_key_file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(key.public_key_file, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o600 });
  }
  chmodSync(key.private_key_file, 0o600);
  chmodSync(key.public_key_file, 0o600);
  return key;
}
