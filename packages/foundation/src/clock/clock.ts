// The one time source of every Gatehouse package. Wall time (`now`) is for timestamps and
// deadlines that cross process boundaries; monotonic time is for durations and rates, which must
// not jump when the wall clock is stepped. Timers go through the clock so tests can move time.

/** Brands timer handles; not exported from the package, so nothing else can forge one. */
export const timerHandleBrand: unique symbol = Symbol('gatehouse.TimerHandle');

/** An opaque timer handle: only the clock that made it can clear it. */
export interface TimerHandle {
  readonly [timerHandleBrand]: true;
}

/** Time, timers and sleeps, injectable so tests advance a ManualClock instead of sleeping. */
export interface Clock {
  /** Wall time in epoch milliseconds. */
  now(): number;
  /** Monotonic milliseconds from an arbitrary origin (`performance.now()` on the system clock). */
  monotonic(): number;
  /** Runs `fn` once after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer of this clock; a handle that already fired or was cleared is ignored. */
  clearTimeout(handle: TimerHandle): void;
  /** Resolves after `ms` of this clock's time; rejects with `signal.reason` when aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** `sleep` for any clock: a timer plus abort handling. */
export function sleepOn(clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(abortReason(signal!));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The reason an aborted signal carries (an AbortError when the caller gave none). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
