import { randomBytes } from 'node:crypto';
import { SEALED_PREFIX, SecretSealer } from '../../src/cluster/secret-sealer';
import type { PluginSpec } from '../../src/engine/types';
import { builtinPlugins } from '../../src/plugins';

const schemaOf = (type: unknown) => builtinPlugins.find((d) => d.kind === type)?.schema;
const PASSWORD = 'S3cret-redis-pw';
const limiter = (redisUrl: string): PluginSpec => ({ type: 'ThroughputRateLimiter', config: { plugin_name: 'limiter', tps: '10', redis_url: redisUrl } });

describe('the password inside a redis_url is sealed in the cluster log', () => {
  it('seals only the password, and the key opens it again', () => {
    const sealer = new SecretSealer(randomBytes(32), schemaOf);
    const sealed = sealer.sealConfig({ plugins: [limiter(`redis://:${PASSWORD}@127.0.0.1:6379`)], pipelines: [] });
    const url = sealed.plugins[0]!.config['redis_url'] as string;
    expect(url).not.toContain(PASSWORD);
    expect(decodeURIComponent(new URL(url).password)).toMatch(new RegExp(`^${SEALED_PREFIX}`));
    expect(new URL(url).host).toBe('127.0.0.1:6379');
    expect(sealer.openConfig(sealed).plugins[0]!.config['redis_url']).toBe(`redis://:${PASSWORD}@127.0.0.1:6379`);
  });

  it('without a key refuses a URL with a password (GW_SECRET_KEY_REQUIRED) and passes one without', () => {
    const keyless = new SecretSealer(undefined, schemaOf);
    expect(() => keyless.sealOperation({ type: 'create_plugin', spec: limiter(`redis://:${PASSWORD}@127.0.0.1:6379`) })).toThrow(
      expect.objectContaining({ code: 'GW_SECRET_KEY_REQUIRED', field: 'config.redis_url' }),
    );
    const plain = limiter('redis://127.0.0.1:6379');
    expect(keyless.sealOperation({ type: 'create_plugin', spec: plain })).toEqual({ type: 'create_plugin', spec: plain });
  });
});
