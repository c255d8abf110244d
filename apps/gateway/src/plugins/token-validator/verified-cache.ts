/** What a verified token proved. */
export interface VerifiedToken {
  sub: string;
  jti: string;
  /** Expiry, epoch ms. */
  expMs: number;
}

/**
 * Remembers tokens whose signature and claims were verified, so a client's repeated calls cost a
 * map lookup instead of a signature check. Bounded; the oldest entry goes first.
 */
export class VerifiedTokenCache {
  private readonly map = new Map<string, VerifiedToken>();

  constructor(private readonly max: number) {}

  /** The entry for `token` if it has not expired (allowing `leewayMs`). */
  get(token: string, leewayMs: number): VerifiedToken | undefined {
    const v = this.map.get(token);
    if (v === undefined) return undefined;
    if (v.expMs + leewayMs <= Date.now()) {
      this.map.delete(token);
      return undefined;
    }
    return v;
  }

  set(token: string, v: VerifiedToken): void {
    if (this.max === 0) return;
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(token, v);
  }

  delete(token: string): void {
    this.map.delete(token);
  }
}
