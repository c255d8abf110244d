// Gated describe blocks: a block that needs a service runs when the service is up, is reported as
// skipped when it is not, and fails when the run requires that service (REQUIRE_SERVICES). A
// variant that cannot run is never silently left out of the count.
import { SERVICES_UP_ENV } from './global-setup';
import { requiredServices, SERVICES, serviceSpec, serviceUrl, type ServiceName } from './services';

/** `describe(name, fn)` for a block whose tests need some services. */
export type GatedDescribe = (name: string, fn: () => void) => void;

/** The services the run's global setup found up. */
export function servicesUp(env: NodeJS.ProcessEnv = process.env): ReadonlySet<ServiceName> {
  const raw = env[SERVICES_UP_ENV];
  if (raw === undefined) {
    throw new Error(`${SERVICES_UP_ENV} is unset: the Jest config must use @gatehouse/test-support/global-setup (jest.base.cjs does)`);
  }
  const names = new Set(raw.split(','));
  return new Set(SERVICES.filter((s) => names.has(s.name)).map((s) => s.name));
}

/** True when the global setup found `name` up. */
export function serviceUp(name: ServiceName): boolean {
  return servicesUp().has(name);
}

/** The URL without its password, fit for test output. */
function printable(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function describeMissing(missing: readonly ServiceName[]): string {
  return missing.map((name) => `${serviceSpec(name).label} at ${printable(serviceUrl(name))}`).join(' and ');
}

function missingError(text: string): Error {
  return new Error(`REQUIRE_SERVICES=${process.env['REQUIRE_SERVICES'] ?? ''} but ${text} cannot be reached`);
}

/**
 * The `describe` to use for tests that need `services`: plain `describe` when all are up;
 * `describe.skip` (title marked) when one is missing and not required; when a required one is
 * missing, a block with one failing test naming it, and the tests themselves reported as skipped.
 */
export function describeWith(...services: ServiceName[]): GatedDescribe {
  const up = servicesUp();
  const missing = services.filter((s) => !up.has(s));
  if (missing.length === 0) return (name, fn) => describe(name, fn);
  const text = describeMissing(missing);
  const required = requiredServices();
  if (!missing.some((s) => required.has(s))) {
    return (name, fn) => describe.skip(`${name} [skipped: needs ${text}]`, fn);
  }
  return (name, fn) =>
    describe(name, () => {
      it(`needs ${text}`, () => {
        throw missingError(text);
      });
      describe.skip('[not run]', fn);
    });
}

/** `it(name, fn)` for one test that needs some services. */
export type GatedIt = (name: string, fn: jest.ProvidesCallback, timeoutMs?: number) => void;

/**
 * `it` for one test that needs `services`, with `describeWith`'s rules: runs, is reported as
 * skipped, or (a required service missing) fails naming the service.
 */
export function itWith(...services: ServiceName[]): GatedIt {
  const up = servicesUp();
  const missing = services.filter((s) => !up.has(s));
  if (missing.length === 0) return (name, fn, timeoutMs) => it(name, fn, timeoutMs);
  const text = describeMissing(missing);
  if (!missing.some((s) => requiredServices().has(s))) {
    return (name, fn, timeoutMs) => it.skip(`${name} [skipped: needs ${text}]`, fn, timeoutMs);
  }
  return (name) =>
    it(name, () => {
      throw missingError(text);
    });
}

/** One variant of a parameterised block: its name and the services it needs. */
export interface Variant<T> {
  name: string;
  /** @default [] */
  needs?: readonly ServiceName[];
  value: T;
}

/**
 * `describe.each` whose variants each run, skip or fail on their own services: `%s` in `title`
 * becomes the variant's name. A variant whose service is missing is counted, never dropped.
 */
export function describeVariants<T>(title: string, variants: readonly Variant<T>[], fn: (value: T, name: string) => void): void {
  for (const v of variants) describeWith(...(v.needs ?? []))(title.replace('%s', v.name), () => fn(v.value, v.name));
}
