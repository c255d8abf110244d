// Login throttling per client address and per username. Every attempt counts, successful or not,
// and it is counted before the password is checked, so a flood of guesses cannot buy scrypt work.
// The address is checked first: a blocked address does not also use up a username's budget.
import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { ThrottleUnavailableError, TooManyAttemptsError } from '../errors';
import type { ThrottleStore, WindowHit } from './throttle-store';

/** One limit: at most `limit` attempts per `windowMs`. */
export interface ThrottleLimit {
  /** Attempts allowed per window. */
  readonly limit: number;
  /** Window length in milliseconds. */
  readonly windowMs: number;
}

/** Limits of the login throttle. */
export interface LoginThrottleLimits {
  /** Per username. @default { limit: 5, windowMs: 60000 } */
  readonly perUsername: ThrottleLimit;
  /** Per client address. @default { limit: 20, windowMs: 60000 } */
  readonly perAddress: ThrottleLimit;
}

/** Default limits: 5 attempts a minute per username, 20 a minute per client address. */
export const DEFAULT_THROTTLE_LIMITS: LoginThrottleLimits = Object.freeze({
  perUsername: Object.freeze({ limit: 5, windowMs: 60_000 }),
  perAddress: Object.freeze({ limit: 20, windowMs: 60_000 }),
});

/** Counts login attempts and refuses those over a limit. */
export class LoginThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly clock: Clock,
    private readonly limits: LoginThrottleLimits = DEFAULT_THROTTLE_LIMITS,
  ) {}

  /**
   * Counts one attempt for `address` and `username`; throws TooManyAttemptsError (with whole
   * seconds to wait) when either is over its limit, ThrottleUnavailableError when the store fails.
   */
  async attempt(username: string, address: string): Promise<void> {
    await this.count(`addr:${address}`, this.limits.perAddress);
    // Hash the username: keys stay short and never carry user-chosen bytes into Redis.
    const userKey = createHash('sha256').update(username, 'utf8').digest('base64url').slice(0, 32);
    await this.count(`user:${userKey}`, this.limits.perUsername);
  }

  private async count(key: string, limit: ThrottleLimit): Promise<void> {
    let hit: WindowHit;
    try {
      hit = await this.store.hit(key, limit.windowMs, this.clock.now());
    } catch (err) {
      throw new ThrottleUnavailableError('login throttle store is unavailable', { cause: err });
    }
    if (hit.count > limit.limit) {
      throw new TooManyAttemptsError(Math.max(1, Math.ceil(hit.resetInMs / 1000)));
    }
  }
}
