import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { systemClock } from '../engine/clock';
import { silentLogger } from '../engine/logger';
import { MapServiceDirectory } from '../engine/service-directory';
import { Task, TaskStatus } from '../engine/task';
import { tokenValidatorPlugin, type TokenValidator } from '../plugins/token-validator/token-validator';
import type { TokenValidatorConfig } from '../plugins/token-validator/schema';
import type { TokenKeyConfig } from '../plugins/shared/token-keys';
import { parseEntryFlags } from '../cli/entry-flags';
import { fmt, median } from './stats';

/**
 * `pnpm --filter @gatehouse/gateway bench:token`: CPU per request of TokenValidator on the
 * gateway's path — a client's repeated token (verified-token cache hit, the steady state) and a
 * first-seen token (full signature check) — for EdDSA and HS256, against a no-op baseline.
 */
const USAGE = `Usage: node dist/bench/token-bench.js [requests]   (pnpm --filter @gatehouse/gateway bench:token)

CPU per request of TokenValidator (EdDSA and HS256, cache hit and first-seen token) against a
no-op baseline: requests per round (default 20000) × 5 rounds, medians printed as a table.

  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

const flags = parseEntryFlags(process.argv.slice(2), { name: 'gatehouse-token-bench', usage: USAGE, allowPositionals: true });
const N = 'exit' in flags ? 0 : Number(flags.positionals[0] ?? 20000);

function validator(keys: TokenKeyConfig[], alg: 'EdDSA' | 'HS256', cacheSize: number): TokenValidator {
  const config = {
    plugin_name: 'tv', keys, algorithms: [alg], leeway_sec: 30, issuer: 'gatehouse', audience: '',
    token_header: 'x-ddgw-token', uid_key: 'X_UID', request_header_key: 'H', revocation: 'memory',
    redis_url: 'redis://127.0.0.1:6379', redis_prefix: 'bench:', revoke: false, cache_size: cacheSize, response_code_key: 'C',
  } as TokenValidatorConfig;
  const env = { clock: systemClock, logger: silentLogger, services: new MapServiceDirectory(), pluginName: 'tv', generation: 0 };
  return tokenValidatorPlugin.typed.create(config, env) as TokenValidator;
}

async function perOp(v: TokenValidator | undefined, tokens: string[]): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const task = new Task(undefined, 0);
    task.setStatus(TaskStatus.Running);
    task.setValue('H', { 'x-ddgw-token': tokens[i % tokens.length] });
    if (v) await v.run(task);
    if (v && task.value('X_UID') === undefined) throw new Error('bench token refused');
  }
  const d = process.cpuUsage(start);
  return (d.user + d.system) / N;
}

async function main(): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const secret = randomBytes(32);
  const ed: TokenKeyConfig = { kid: 'ed', alg: 'EdDSA', public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  const hs: TokenKeyConfig = { kid: 'hs', alg: 'HS256', secret: secret.toString('base64url') };
  const sign = (alg: 'EdDSA' | 'HS256', i: number): Promise<string> =>
    new SignJWT({})
      .setProtectedHeader({ alg, kid: alg === 'EdDSA' ? 'ed' : 'hs' })
      .setSubject(String(i))
      .setIssuedAt()
      .setExpirationTime('1h')
      .setJti(randomUUID())
      .setIssuer('gatehouse')
      .sign(alg === 'EdDSA' ? privateKey : secret);
  const rows: [string, number[]][] = [
    ['baseline (task only)', []],
    ['EdDSA, repeated token (cache hit)', []],
    ['EdDSA, first-seen token (signature check)', []],
    ['HS256, repeated token (cache hit)', []],
    ['HS256, first-seen token (signature check)', []],
  ];
  const edTokens = await Promise.all(Array.from({ length: 100 }, (_, i) => sign('EdDSA', i)));
  const hsTokens = await Promise.all(Array.from({ length: 100 }, (_, i) => sign('HS256', i)));
  for (let round = 0; round < 5; round++) {
    rows[0]![1].push(await perOp(undefined, edTokens));
    rows[1]![1].push(await perOp(validator([ed], 'EdDSA', 10000), edTokens));
    rows[2]![1].push(await perOp(validator([ed], 'EdDSA', 0), edTokens));
    rows[3]![1].push(await perOp(validator([hs], 'HS256', 10000), hsTokens));
    rows[4]![1].push(await perOp(validator([hs], 'HS256', 0), hsTokens));
  }
  const base = median(rows[0]![1]);
  console.log(`TokenValidator CPU per request, ${N} requests × 5 rounds, medians (target ≤ 30 µs on the gateway path)`);
  console.log('| case | µs/request | minus baseline |');
  console.log('|---|---:|---:|');
  for (const [name, xs] of rows) console.log(`| ${name} | ${fmt(median(xs), 2)} | ${fmt(median(xs) - base, 2)} |`);
}

if ('exit' in flags) {
  process.exitCode = flags.exit;
} else if (!Number.isSafeInteger(N) || N < 1) {
  process.stderr.write(`gatehouse-token-bench: requests must be a positive integer\n`);
  process.exitCode = 2;
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
