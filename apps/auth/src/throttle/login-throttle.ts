// Login throttling (README "Throttling and lockout"). Every attempt counts, before the password
// is checked, so a flood of guesses cannot buy scrypt work:
// 1. per client address: bounds one source spraying many accounts;
// 2. per (username, address) pair: bounds one source guessing one account. This replaces the
//    per-username lockout, which let anyone lock the real owner out, from any clean address, for
//    the rest of the window;
// 3. per username, a higher ceiling counted only for addresses the user has not logged in from
//    (a success remembers the pair for 30 days): bounds a distributed guess at one account, while
//    the owner's known addresses are never locked out by it.
import { createHash } from 'node:crypto';
import type { Clock } from '@gatehouse/foundation';
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
  /** Per client address, all usernames. @default { limit: 20, windowMs: 60000 } */
  readonly perAddress: ThrottleLimit;
  /** Per (username, client address) pair. @default { limit: 5, windowMs: 60000 } */
  readonly perUserAddress: ThrottleLimit;
  /** Per username, from addresses it never logged in from. @default { limit: 100, windowMs: 900000 } */
  readonly perUsername: ThrottleLimit;
  /** How long a successful login keeps its address known for that user. @default 2592000000 (30 days) */
  readonly knownAddressMs: number;
}

/** Default limits: 20/min per address, 5/min per (user, address), 100 per 15 min per user from unknown addresses. */
export const DEFAULT_THROTTLE_LIMITS: LoginThrottleLimits = Object.freeze({
  perAddress: Object.freeze({ limit: 20, windowMs: 60_000 }),
  perUserAddress: Object.freeze({ limit: 5, windowMs: 60_000 }),
  perUsername: Object.freeze({ limit: 100, windowMs: 900_000 }),
  knownAddressMs: 30 * 24 * 3_600_000,
});

/** Short, fixed-size key parts that never carry user-chosen bytes into the store. */
function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 22);
}

/** Counts login attempts and refuses those over a limit. */
export class LoginThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly clock: Clock,
    private readonly limits: LoginThrottleLimits = DEFAULT_THROTTLE_LIMITS,
  ) {}

  /**
   * Counts one attempt of `username` from `address`; throws TooManyAttemptsError (with whole
   * seconds to wait) when a limit is exceeded, ThrottleUnavailableError when the store fails.
   * The address is checked first, so a blocked address does not use up a user's budgets.
   * Resolves whether the user logged in from this address before (its hash then goes first).
   */
  async attempt(username: string, address: string): Promise<{ knownAddress: boolean }> {
    const user = digest(username);
    const pair = `${user}:${digest(address)}`;
    await this.count(`addr:${address}`, this.limits.perAddress);
    await this.count(`pair:${pair}`, this.limits.perUserAddress);
    const knownAddress = await this.call(() => this.store.known(`known:${pair}`, this.clock.now()));
    if (!knownAddress) await this.count(`user:${user}`, this.limits.perUsername);
    return { knownAddress };
  }

  /** A successful login: the address becomes known for this user (exempt from the per-user ceiling). */
  async succeeded(username: string, address: string): Promise<void> {
    const pair = `${digest(username)}:${digest(address)}`;
    await this.call(() => this.store.remember(`known:${pair}`, this.limits.knownAddressMs, this.clock.now()));
  }

  private async count(key: string, limit: ThrottleLimit): Promise<void> {
    const hit: WindowHit = await this.call(() => this.store.hit(key, limit.windowMs, this.clock.now()));
    if (hit.count > limit.limit) throw new TooManyAttemptsError(Math.max(1, Math.ceil(hit.resetInMs / 1000)));
  }

  private async call<R>(op: () => Promise<R>): Promise<R> {
    try {
      return await op();
    } catch (err) {
      throw new ThrottleUnavailableError('login throttle store is unavailable', { cause: err });
    }
  }
}
