import { AdminClient } from '../../src/cli/admin-client';
import { RefusedError } from '../../src/cli/cli-error';
import { CONFLICT_RETRY_MS, sendClusterChange } from '../../src/cli/cluster-commands';
import { startBackend, type TestBackend } from '../support/backend';

/**
 * A write node where other admins win the sequence number `losses` times before this client's
 * change lands: each POST it refuses moves the group's sequence on, as another client's change would.
 */
async function contestedWriter(losses: number): Promise<{ backend: TestBackend; posts: () => number }> {
  let sequence = 5;
  let posts = 0;
  const backend = await startBackend((req, res, body) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET') return res.end(JSON.stringify({ sequence }));
    posts++;
    const asked = (JSON.parse(body) as { operation_seq: number }).operation_seq;
    if (posts <= losses || asked !== sequence + 1) {
      sequence++;
      res.statusCode = 409;
      return res.end(JSON.stringify({ code: 'GW_SEQUENCE_CONFLICT', message: `operation ${asked} conflicts` }));
    }
    sequence = asked;
    res.statusCode = 201;
    res.end(JSON.stringify({ operation_seq: asked }));
  });
  return { backend, posts: () => posts };
}

/** Pauses that only move a clock of the test's own. */
function testTime(): { sleep: (ms: number) => Promise<void>; now: () => number; slept: () => number } {
  let t = 0;
  return { sleep: async (ms) => void (t += ms), now: () => t, slept: () => t };
}

describe('a cluster change that keeps losing the sequence number to other admins', () => {
  const flags = { group: 'g' };
  const post = (c: AdminClient, seq: number): Promise<unknown> => c.call('POST', '/cluster/admin/v1/g/plugins', { operation_seq: seq });

  it('lands as the 12th of 12 concurrent clients would: after losing 11 times', async () => {
    const { backend, posts } = await contestedWriter(11);
    const client = new AdminClient({ server: backend.url, timeoutSec: 5 });
    const time = testTime();
    try {
      expect(await sendClusterChange(client, flags, post, time.sleep, time.now)).toEqual({ operation_seq: 17 });
      expect(posts()).toBe(12);
    } finally {
      await client.close();
      await backend.close();
    }
  });

  it('gives up with the conflict once it has retried for CONFLICT_RETRY_MS, pausing at most 1 s at a time', async () => {
    const { backend, posts } = await contestedWriter(Infinity);
    const client = new AdminClient({ server: backend.url, timeoutSec: 5 });
    const time = testTime();
    try {
      await expect(sendClusterChange(client, flags, post, time.sleep, time.now)).rejects.toMatchObject({ code: 'GW_SEQUENCE_CONFLICT' });
      expect(time.slept()).toBeGreaterThanOrEqual(CONFLICT_RETRY_MS);
      expect(time.slept()).toBeLessThan(CONFLICT_RETRY_MS + 1000);
      expect(posts()).toBeGreaterThan(CONFLICT_RETRY_MS / 1000);
    } finally {
      await client.close();
      await backend.close();
    }
  });

  it('does not retry another refusal', async () => {
    const backend = await startBackend((req, res) => {
      res.statusCode = req.method === 'GET' ? 200 : 400;
      res.end(JSON.stringify(req.method === 'GET' ? { sequence: 1 } : { code: 'GW_BAD_REQUEST', message: 'no' }));
    });
    const client = new AdminClient({ server: backend.url, timeoutSec: 5 });
    try {
      await expect(sendClusterChange(client, flags, post, testTime().sleep)).rejects.toEqual(expect.any(RefusedError));
      expect(backend.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    } finally {
      await client.close();
      await backend.close();
    }
  });
});
