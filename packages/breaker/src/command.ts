import type { Circuit, FallbackFn, RunFn } from './circuit';
import type { MetricsSnapshot } from './metrics';

/** Outcome of the async (`go`) form: it never rejects, like hystrix-go's error channel. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A run function (and optional fallback) bound to a named circuit. Several commands may share
 * one name, and so one circuit, as hystrix commands do.
 */
export class Command<A extends unknown[], T> {
  constructor(
    /** The circuit this command runs through. */
    readonly circuit: Circuit,
    private readonly run: RunFn<A, T>,
    private readonly fallbackFn: FallbackFn<A, T> | undefined,
  ) {}

  /** The command (circuit) name. */
  get name(): string {
    return this.circuit.name;
  }

  /**
   * Sync-style form (hystrix `Do`): resolves with the result or the fallback's result, rejects
   * with the call's own error or a `BreakerError`. The run function receives an AbortSignal
   * before `args`.
   */
  execute(...args: A): Promise<T> {
    return this.circuit.fire(this.run, this.fallbackFn, args);
  }

  /** Async form (hystrix `Go`): never rejects; the outcome carries the value or the error. */
  go(...args: A): Promise<Outcome<T>> {
    return this.circuit.fire(this.run, this.fallbackFn, args).then(
      (value): Outcome<T> => ({ ok: true, value }),
      (error: unknown): Outcome<T> => ({ ok: false, error }),
    );
  }

  /** The circuit's metrics snapshot. */
  metrics(): MetricsSnapshot {
    return this.circuit.metrics();
  }
}
