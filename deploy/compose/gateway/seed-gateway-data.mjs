#!/usr/bin/env node
// First-boot seed of the compose gateway's data directory (the one-shot `gateway-init` service):
// when it holds no config yet, writes plugins.json and pipelines.json for the compose network —
// the data plane on 0.0.0.0, POST /login to the auth service, token revocation in Redis — and an
// Ed25519 token key as two PEM files of mode 0600. A data directory with a config is left alone,
// so changes made through the admin API survive restarts. Node built-ins only: it runs in the
// gateway image.
//
//   node seed-gateway-data.mjs <dataDir>
//   GATEWAY_HTTP_PORT (10080), AUTH_URL (http://auth:8081), REDIS_URL (redis://redis:6379)
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dataDir = process.argv[2];
if (process.argv.includes('--help') || dataDir === undefined) {
  process.stdout.write('Usage: node seed-gateway-data.mjs <dataDir>   (env GATEWAY_HTTP_PORT, AUTH_URL, REDIS_URL)\n');
  process.exit(dataDir === undefined && !process.argv.includes('--help') ? 2 : 0);
}
const port = Number(process.env.GATEWAY_HTTP_PORT || 10080);
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`GATEWAY_HTTP_PORT must be 1-65535, got ${process.env.GATEWAY_HTTP_PORT}`);
const authUrl = (process.env.AUTH_URL || 'http://auth:8081').replace(/\/+$/, '');
const redisUrl = process.env.REDIS_URL || 'redis://redis:6379';

if (existsSync(join(dataDir, 'plugins.json')) || existsSync(join(dataDir, 'pipelines.json'))) {
  process.stdout.write(`gateway-init: ${dataDir} already holds a config; left as it is\n`);
  process.exit(0);
}

/** Writes `text` through a temp file and a rename, so a crash leaves no torn file. */
function writeAtomically(file, text) {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
chmodSync(join(dataDir, 'keys'), 0o700);
const key = {
  kid: 'compose-1',
  alg: 'EdDSA',
  private_key_file: join(dataDir, 'keys', 'token-ed25519.key.pem'),
  public_key_file: join(dataDir, 'keys', 'token-ed25519.pub.pem'),
};
if (!existsSync(key.private_key_file)) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeAtomically(key.private_key_file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeAtomically(key.public_key_file, publicKey.export({ type: 'spki', format: 'pem' }));
}
const verify = [{ kid: key.kid, alg: key.alg, public_key_file: key.public_key_file }];

const plugins = [
  { type: 'HTTPServer', config: { plugin_name: 'edge', host: '0.0.0.0', port, keepalive_sec: 30 } },
  { type: 'HTTPInput', config: { plugin_name: 'login-in', server_name: 'edge', path: '/login', methods: ['POST'] } },
  {
    type: 'HTTPOutput',
    config: { plugin_name: 'auth-login', url_pattern: `${authUrl}/v1/login`, method: 'POST', timeout_sec: 10, expected_response_codes: [] },
  },
  {
    type: 'TokenIssuer',
    config: { plugin_name: 'token-issuer', keys: [{ kid: key.kid, alg: key.alg, private_key_file: key.private_key_file }], active_kid: key.kid, ttl_sec: 3600 },
  },
  { type: 'HTTPInput', config: { plugin_name: 'logout-in', server_name: 'edge', path: '/logout', methods: ['POST'] } },
  {
    type: 'TokenValidator',
    config: { plugin_name: 'token-revoker', keys: verify, algorithms: ['EdDSA'], revoke: true, revocation: 'redis', redis_url: redisUrl },
  },
];
const pipeline = (name, names) => ({ type: 'LinearPipeline', config: { pipeline_name: name, plugin_names: names, parallelism: 0 } });
const pipelines = [pipeline('login', ['edge', 'login-in', 'auth-login', 'token-issuer']), pipeline('logout', ['edge', 'logout-in', 'token-revoker'])];

writeAtomically(join(dataDir, 'plugins.json'), `${JSON.stringify({ plugins }, null, 2)}\n`);
writeAtomically(join(dataDir, 'pipelines.json'), `${JSON.stringify({ pipelines }, null, 2)}\n`);
process.stdout.write(`gateway-init: seeded ${dataDir} (data plane 0.0.0.0:${port}, auth ${authUrl}, revocations in ${redisUrl})\n`);
