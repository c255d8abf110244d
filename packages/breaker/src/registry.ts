import { systemClock, type Clock } from '@gatehouse/foundation';
import { Circuit, type FallbackFn, type RunFn } from './circuit';
import { Command } from './command';
import { CommandShutdownError, InvalidSettingsError } from './errors';
import type { MetricsSnapshot } from './metrics';
import { assertSameSettings, type CommandSettings, resolveSettings } from './settings';

/** Options of a {@link BreakerRegistry}. */
export interface BreakerRegistryOptions {
  /** Time source of timeouts, sleep windows and rolling windows; tests pass a ManualClock. @default systemClock */
  clock?: Clock;
}

/** Keeps one circuit per command name, as hystrix does. */
export class BreakerRegistry {
  private readonly circuits = new Map<string, Circuit>();
  private readonly clock: Clock;
  private closed = false;

  constructor(options: BreakerRegistryOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Returns the circuit of `name`, creating it with `settings` (hystrix defaults for missing
   * fields) on first use. Later calls without settings reuse it; later calls with settings that
   * differ throw `BRK_SETTINGS_CONFLICT`.
   */
  circuit(name: string, settings?: CommandSettings): Circuit {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidSettingsError('name', 'a command needs a non-empty string name');
    }
    if (this.closed) throw new CommandShutdownError(name);
    const existing = this.circuits.get(name);
    if (existing !== undefined) {
      if (settings !== undefined) assertSameSettings(name, existing.settings, resolveSettings(settings, name));
      return existing;
    }
    const created = new Circuit(name, resolveSettings(settings, name), this.clock);
    this.circuits.set(name, created);
    return created;
  }

  /** Binds `run` (and `fallback`) to the circuit of `name`; see `circuit()` for settings. */
  command<A extends unknown[], T>(
    name: string,
    run: RunFn<A, T>,
    fallback?: FallbackFn<A, T>,
    settings?: CommandSettings,
  ): Command<A, T> {
    if (typeof run !== 'function') throw new InvalidSettingsError('run', 'must be a function', name);
    if (fallback !== undefined && typeof fallback !== 'function') {
      throw new InvalidSettingsError('fallback', 'must be a function', name);
    }
    return new Command(this.circuit(name, settings), run, fallback);
  }

  /** The circuit of `name`, if it exists. */
  get(name: string): Circuit | undefined {
    return this.circuits.get(name);
  }

  /** Names of every circuit. */
  names(): string[] {
    return [...this.circuits.keys()];
  }

  /** Metrics snapshots of every circuit. */
  metrics(): MetricsSnapshot[] {
    return [...this.circuits.values()].map((c) => c.metrics());
  }

  /** Shuts one circuit down and forgets it; the next use of the name starts afresh. */
  remove(name: string): boolean {
    const c = this.circuits.get(name);
    if (c === undefined) return false;
    c.shutdown();
    return this.circuits.delete(name);
  }

  /** Shuts every circuit down; the registry accepts no new commands afterwards. */
  shutdown(): void {
    this.closed = true;
    for (const c of this.circuits.values()) c.shutdown();
    this.circuits.clear();
  }
}

/** The process-wide registry used by `command()`. */
export const defaultRegistry = new BreakerRegistry();

/** Hystrix-style command on the default registry: `command(name, run, fallback?, settings?)`. */
export function command<A extends unknown[], T>(
  name: string,
  run: RunFn<A, T>,
  fallback?: FallbackFn<A, T>,
  settings?: CommandSettings,
): Command<A, T> {
  return defaultRegistry.command(name, run, fallback, settings);
}
