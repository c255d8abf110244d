// The real clock: Date.now for wall time, performance.now for monotonic time, and Node timers
// that are unref'd, so a pending backoff or heartbeat never keeps a process alive on its own.
import { sleepOn, timerHandleBrand, type Clock, type TimerHandle } from './clock';

/** A Node timer behind the opaque handle. */
class SystemTimer implements TimerHandle {
  readonly [timerHandleBrand] = true as const;
  constructor(readonly timer: NodeJS.Timeout) {}
}

/** The system clock every package uses by default. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return new SystemTimer(t);
  },
  clearTimeout(handle) {
    if (handle instanceof SystemTimer) clearTimeout(handle.timer);
  },
  sleep(ms, signal) {
    return sleepOn(systemClock, ms, signal);
  },
};
