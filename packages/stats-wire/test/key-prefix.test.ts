import { DEFAULT_PREFIX, isKeyPrefix } from '../src';

describe('key prefixes (one rule for the gateway and the worker)', () => {
  it('accepts the default and 1-64 letters, digits, "_", ".", ":" or "-"', () => {
    for (const ok of [DEFAULT_PREFIX, 'a', 'eu-1:gh_stats.v2', 'x'.repeat(64)]) expect({ ok, is: isKeyPrefix(ok) }).toEqual({ ok, is: true });
  });

  it('refuses empty, too long, braces (a second hash tag) and other characters', () => {
    for (const bad of ['', 'x'.repeat(65), 'gh:{eu}', 'gh:{', 'gh stats', 'gh/stats', 'gh*', 'stats\n']) expect({ bad, is: isKeyPrefix(bad) }).toEqual({ bad, is: false });
  });
});
