import { InvalidSettingsError, SettingsConflictError } from './errors';

/** Per-command settings; every field is optional and falls back to the hystrix default. */
export interface CommandSettings {
  /** Time a call may run before it fails with `BRK_TIMEOUT`; `0` disables the timeout. @default 1000 */
  timeoutMs?: number;
  /** Calls allowed in flight at once; more are rejected with `BRK_CONCURRENCY_REJECTED`. @default 10 */
  maxConcurrent?: number;
  /** Calls needed in the rolling window before the error rate may trip the circuit. @default 20 */
  requestVolumeThreshold?: number;
  /** Length of the rolling statistics window. @default 10000 */
  rollingWindowMs?: number;
  /** Buckets the rolling window is divided into (it slides one bucket at a time). @default 10 */
  rollingBuckets?: number;
  /** Time the circuit stays OPEN before one trial call is let through (HALF_OPEN). @default 5000 */
  sleepWindowMs?: number;
  /** Error percentage (of calls in the window) above which the circuit opens. @default 50 */
  errorPercentThreshold?: number;
  /**
   * Return true for failures that must not count against the circuit (e.g. a 4xx: the caller's
   * fault, not the dependency's). Filtered errors still reject the call, without the fallback.
   * @default () => false
   */
  errorFilter?: (err: unknown) => boolean;
}

/** Settings with every default applied, validated and frozen. */
export type ResolvedSettings = Readonly<Required<CommandSettings>>;

/** The hystrix-go defaults (reference §6). */
export const HYSTRIX_DEFAULTS: ResolvedSettings = Object.freeze({
  timeoutMs: 1000,
  maxConcurrent: 10,
  requestVolumeThreshold: 20,
  rollingWindowMs: 10_000,
  rollingBuckets: 10,
  sleepWindowMs: 5000,
  errorPercentThreshold: 50,
  errorFilter: () => false,
});

type NumericKey = Exclude<keyof CommandSettings, 'errorFilter'>;
const NUMERIC_KEYS: readonly NumericKey[] = [
  'timeoutMs',
  'maxConcurrent',
  'requestVolumeThreshold',
  'rollingWindowMs',
  'rollingBuckets',
  'sleepWindowMs',
  'errorPercentThreshold',
];
const KNOWN_KEYS = new Set<string>([...NUMERIC_KEYS, 'errorFilter']);

/** Applies defaults and validates every field; throws `InvalidSettingsError` on the first bad one. */
export function resolveSettings(input: CommandSettings | undefined, command?: string): ResolvedSettings {
  if (input === undefined) return HYSTRIX_DEFAULTS;
  if (input === null || typeof input !== 'object') {
    throw new InvalidSettingsError('settings', 'must be an object', command);
  }
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) throw new InvalidSettingsError(key, 'unknown setting', command);
  }
  const out: Record<string, unknown> = { ...HYSTRIX_DEFAULTS };
  for (const key of NUMERIC_KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new InvalidSettingsError(key, `must be a non-negative integer, got ${String(value)}`, command);
    }
    out[key] = value;
  }
  if (input.errorFilter !== undefined) {
    if (typeof input.errorFilter !== 'function') {
      throw new InvalidSettingsError('errorFilter', 'must be a function', command);
    }
    out.errorFilter = input.errorFilter;
  }
  const s = out as Required<CommandSettings>;
  if (s.maxConcurrent < 1) throw new InvalidSettingsError('maxConcurrent', 'must be at least 1', command);
  if (s.rollingBuckets < 1) throw new InvalidSettingsError('rollingBuckets', 'must be at least 1', command);
  if (s.rollingWindowMs < s.rollingBuckets || s.rollingWindowMs % s.rollingBuckets !== 0) {
    throw new InvalidSettingsError('rollingWindowMs', 'must be a positive multiple of rollingBuckets', command);
  }
  if (s.sleepWindowMs < 1) throw new InvalidSettingsError('sleepWindowMs', 'must be at least 1', command);
  if (s.errorPercentThreshold > 100) {
    throw new InvalidSettingsError('errorPercentThreshold', 'must be between 0 and 100', command);
  }
  return Object.freeze(s);
}

/** Throws `SettingsConflictError` when `wanted` differs from the settings a circuit already has. */
export function assertSameSettings(command: string, have: ResolvedSettings, wanted: ResolvedSettings): void {
  for (const key of [...NUMERIC_KEYS, 'errorFilter'] as const) {
    if (have[key] !== wanted[key]) throw new SettingsConflictError(command, key);
  }
}
