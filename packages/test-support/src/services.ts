// The real services Gatehouse tests run against, where to find them, and which ones a run must
// have. One list for every package, so "which services does CI guarantee" has one answer.

/** A service a test may need. */
export type ServiceName = 'redis' | 'postgres' | 'mysql';

/** How to reach one service. */
export interface ServiceSpec {
  readonly name: ServiceName;
  /** Human name for messages. */
  readonly label: string;
  /** Environment variable holding its URL. */
  readonly env: string;
  /** URL used when the variable is unset (the development machines' address). */
  readonly defaultUrl: string;
  /** Port probed when the URL names none. */
  readonly defaultPort: number;
}

/** Every service, in probe order. */
export const SERVICES: readonly ServiceSpec[] = [
  { name: 'redis', label: 'Redis', env: 'REDIS_URL', defaultUrl: 'redis://127.0.0.1:6379', defaultPort: 6379 },
  {
    name: 'postgres',
    label: 'PostgreSQL',
    env: 'DATABASE_URL',
    defaultUrl: 'postgres://postgres@127.0.0.1:5432/test',
    defaultPort: 5432,
  },
  { name: 'mysql', label: 'MariaDB/MySQL', env: 'MYSQL_URL', defaultUrl: 'mysql://root@127.0.0.1:3306/test', defaultPort: 3306 },
];

/**
 * Services `REQUIRE_SERVICES=1` makes mandatory: the ones CI starts (`.ci/run`). MariaDB is only
 * used where it is installed, so its tests skip even then unless named explicitly.
 */
export const CI_SERVICES: readonly ServiceName[] = ['redis', 'postgres'];

/** The spec of `name`. */
export function serviceSpec(name: ServiceName): ServiceSpec {
  const spec = SERVICES.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`unknown test service ${String(name)}`);
  return spec;
}

/** The URL tests use for `name`: its environment variable, else the default. */
export function serviceUrl(name: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  const spec = serviceSpec(name);
  const value = env[spec.env];
  return value === undefined || value === '' ? spec.defaultUrl : value;
}

/**
 * Services whose absence fails the run: `REQUIRE_SERVICES=1` means Redis and PostgreSQL,
 * `REQUIRE_SERVICES=redis,postgres,mysql` names them; unset, empty or `0` requires none.
 */
export function requiredServices(env: NodeJS.ProcessEnv = process.env): ReadonlySet<ServiceName> {
  const raw = (env['REQUIRE_SERVICES'] ?? '').trim();
  if (raw === '' || raw === '0') return new Set();
  if (raw === '1') return new Set(CI_SERVICES);
  const names = raw.split(',').map((s) => s.trim());
  const known = new Set<string>(SERVICES.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new Error(`REQUIRE_SERVICES names unknown services ${unknown.join(', ')}; use 1 or a list of ${[...known].join(', ')}`);
  }
  return new Set(names as ServiceName[]);
}
