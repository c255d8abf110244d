// Environment parsing: documented defaults, PostgreSQL when DATABASE_URL is set, and a clear
// AUTH_CONFIG_INVALID for values that cannot work.
import { loadConfig } from '../src/config/auth-config';
import { ConfigInvalidError } from '../src/errors';

describe('config from the environment', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8081,
      adminApiKey: null,
      database: { kind: 'sqlite', path: './data/auth.sqlite' },
      redisUrl: null,
      registryAgentUrl: null,
      advertiseAddress: '127.0.0.1',
      trustProxy: false,
      production: false,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      AUTH_HOST: '0.0.0.0',
      AUTH_PORT: '9000',
      AUTH_ADMIN_API_KEY: 'a-long-enough-admin-key',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      AUTH_DB_SCHEMA: 'auth',
      AUTH_SQLITE_PATH: '/ignored/when/postgres.sqlite',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REGISTRY_AGENT_URL: 'http://127.0.0.1:8500',
      AUTH_TRUST_PROXY: 'loopback',
      NODE_ENV: 'production',
      AUTH_LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      adminApiKey: 'a-long-enough-admin-key',
      database: { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test', schema: 'auth' },
      redisUrl: 'redis://127.0.0.1:6379',
      registryAgentUrl: 'http://127.0.0.1:8500',
      advertiseAddress: '127.0.0.1',
      trustProxy: 'loopback',
      production: true,
      logLevel: 'warn',
    });
  });

  it('uses AUTH_SQLITE_PATH without DATABASE_URL, and treats blank variables as unset', () => {
    expect(loadConfig({ AUTH_SQLITE_PATH: '/var/lib/auth.sqlite', DATABASE_URL: '  ', AUTH_ADMIN_API_KEY: '' })).toMatchObject({
      database: { kind: 'sqlite', path: '/var/lib/auth.sqlite' },
      adminApiKey: null,
    });
  });

  it.each([
    ['AUTH_PORT', { AUTH_PORT: 'eighty' }],
    ['AUTH_PORT', { AUTH_PORT: '70000' }],
    ['AUTH_ADMIN_API_KEY', { AUTH_ADMIN_API_KEY: 'short' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@127.0.0.1/test' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['REDIS_URL', { REDIS_URL: 'http://127.0.0.1:6379' }],
    ['REGISTRY_AGENT_URL', { REGISTRY_AGENT_URL: 'ftp://agent' }],
    ['AUTH_LOG_LEVEL', { AUTH_LOG_LEVEL: 'loud' }],
  ])('refuses a bad %s', (name, env) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigInvalidError);
    expect((caught as ConfigInvalidError).code).toBe('AUTH_CONFIG_INVALID');
    expect((caught as Error).message).toContain(name);
  });
});
