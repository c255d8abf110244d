/** The X-RateLimit-* headers (APISIX and Kong send these), and Retry-After on a refusal. */
export function rateLimitHeaders(limit: number, remaining: number, resetMs: number, refused: boolean, retryAfterMs: number): Record<string, string> {
  const h: Record<string, string> = {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(Math.max(0, remaining)),
    // Delta seconds until the counter recovers, as Kong and APISIX send it (not an epoch time).
    'x-ratelimit-reset': String(Math.max(0, Math.ceil(resetMs / 1000))),
  };
  if (refused) h['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return h;
}
