import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { StoredConfig } from '../config-store/config-store';
import type { Operation } from '../config-store/operation';
import type { JSONSchema } from '../engine/schema';
import { hasSecretFields, mapSecrets, REDACTED_PREFIX } from '../engine/secret-fields';
import type { PluginSpec } from '../engine/types';
import { GatewayError } from '../errors';

/** Prefix of a sealed secret: `sealed:v1:` + base64url(iv ‖ tag ‖ ciphertext). */
export const SEALED_PREFIX = 'sealed:v1:';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a sealed secret could not be opened; the log reader turns it into a malformed-operation alarm. */
export class SecretUnsealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnsealError';
  }
}

/**
 * Seals the secret-bearing options (`writeOnly` in a plugin schema) of what goes into the cluster
 * log, and opens them on the way out, with AES-256-GCM under the group's key
 * (`GATEWAY_CLUSTER_SECRET_KEY`); the field name is the additional data, so a sealed value cannot
 * be moved to another option. Without a key, a write holding an inline secret is refused and a
 * sealed one cannot be read: both with errors that say which variable to set.
 */
export class SecretSealer {
  constructor(
    private readonly key: Buffer | undefined,
    private readonly schemaOf: (type: unknown) => JSONSchema | undefined,
  ) {
    if (key !== undefined && key.length !== 32) throw new Error('the cluster secret key must be 32 bytes');
  }

  sealOperation(op: Operation): Operation {
    if (op.type !== 'create_plugin' && op.type !== 'update_plugin') return op;
    return { type: op.type, spec: this.sealSpec(op.spec) };
  }

  openOperation(op: Operation): Operation {
    if (op.type !== 'create_plugin' && op.type !== 'update_plugin') return op;
    return { type: op.type, spec: this.openSpec(op.spec) };
  }

  sealConfig(config: StoredConfig): StoredConfig {
    return { plugins: config.plugins.map((p) => this.sealSpec(p)), pipelines: config.pipelines };
  }

  openConfig(config: StoredConfig): StoredConfig {
    return { plugins: config.plugins.map((p) => this.openSpec(p)), pipelines: config.pipelines };
  }

  private sealSpec(spec: PluginSpec): PluginSpec {
    const schema = this.schemaOf(spec.type);
    if (!hasSecretFields(schema)) return spec;
    const config = mapSecrets(schema, spec.config, (secret, field) => {
      if (secret.startsWith(SEALED_PREFIX) || secret.startsWith(REDACTED_PREFIX)) return secret;
      if (this.key === undefined) {
        throw new GatewayError(
          'GW_SECRET_KEY_REQUIRED',
          `${field} holds a secret (key material or a password), which the cluster log keeps only sealed: set GATEWAY_CLUSTER_SECRET_KEY (or _FILE) on the nodes of the group, or use a *_file option`,
          { field },
        );
      }
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      cipher.setAAD(Buffer.from(field));
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    });
    return { type: spec.type, config: config as PluginSpec['config'] };
  }

  private openSpec(spec: PluginSpec): PluginSpec {
    const schema = this.schemaOf(spec.type);
    if (!hasSecretFields(schema)) return spec;
    const config = mapSecrets(schema, spec.config, (value, field) => {
      if (!value.startsWith(SEALED_PREFIX)) return value;
      const where = `${field} of plugin ${String(spec.config.plugin_name)}`;
      if (this.key === undefined) throw new SecretUnsealError(`${where} is sealed and this node has no key: set GATEWAY_CLUSTER_SECRET_KEY (or _FILE) to the group's key`);
      const raw = Buffer.from(value.slice(SEALED_PREFIX.length), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretUnsealError(`${where} is not a sealed value`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(field));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretUnsealError(`${where} cannot be opened: GATEWAY_CLUSTER_SECRET_KEY differs from the key of the write node that sealed it`);
      }
    });
    return { type: spec.type, config: config as PluginSpec['config'] };
  }
}

/**
 * The 32-byte key of `GATEWAY_CLUSTER_SECRET_KEY` text: 64 hex digits, or base64/base64url.
 * Anything else is refused naming the variable.
 */
export function parseSecretKey(text: string, variable: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t) ? Buffer.from(t.replace(/=+$/, ''), 'base64url') : undefined;
  if (key?.length !== 32) {
    throw new GatewayError('GW_BAD_REQUEST', `${variable} must be 32 random bytes as 64 hex digits or base64 (e.g. \`openssl rand -base64 32\`)`, { field: variable });
  }
  return key;
}
