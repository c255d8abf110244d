import type { Clock } from '../../engine/clock';

/** Wrong keys a client address may present per window before it is throttled. @default 10 */
export const KEY_ATTEMPTS_PER_WINDOW = 10;
/** Length of the wrong-key window, and of the lockout after it is exceeded. @default 60 s */
export const KEY_ATTEMPT_WINDOW_MS = 60_000;
/** Client addresses remembered at most; the oldest are forgotten first. @default 10000 */
const MAX_TRACKED = 10_000;

interface Attempts {
  count: number;
  windowStart: number;
  blockedUntil: number;
}

/**
 * Counts wrong admin keys per client address: after `limit` wrong keys within `windowMs` the
 * address is refused (429 with Retry-After) for `windowMs`, whatever key it sends, so a key cannot
 * be guessed at network speed. Memory is bounded by `MAX_TRACKED` addresses.
 */
export class KeyAttemptThrottle {
  private readonly byAddress = new Map<string, Attempts>();

  constructor(
    private readonly clock: Clock,
    private readonly limit = KEY_ATTEMPTS_PER_WINDOW,
    private readonly windowMs = KEY_ATTEMPT_WINDOW_MS,
  ) {}

  /** Seconds until `address` may try again, or 0 when it may try now. */
  retryAfterSec(address: string): number {
    const a = this.byAddress.get(address);
    if (a === undefined) return 0;
    const wait = a.blockedUntil - this.clock.now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** Records a wrong key from `address`. */
  failed(address: string): void {
    const now = this.clock.now();
    let a = this.byAddress.get(address);
    if (a === undefined || now - a.windowStart >= this.windowMs) {
      a = { count: 0, windowStart: now, blockedUntil: a?.blockedUntil ?? 0 };
      if (this.byAddress.size >= MAX_TRACKED && !this.byAddress.has(address)) {
        this.byAddress.delete(this.byAddress.keys().next().value!);
      }
    }
    this.byAddress.delete(address);
    this.byAddress.set(address, a);
    if (++a.count >= this.limit) a.blockedUntil = now + this.windowMs;
  }

  /** Records a right key: the address starts afresh. */
  succeeded(address: string): void {
    this.byAddress.delete(address);
  }
}
