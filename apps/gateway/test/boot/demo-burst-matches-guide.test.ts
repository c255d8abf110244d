// The guide's rate-limit line tells what its command shows: requests sent together, the burst
// plus what refills during the limiter's wait pass, the rest get 429.
import pino from 'pino';
import { DEMO_BURST_REQUESTS } from '../../src/demo/demo-config';
import { runDemo } from '../../src/demo/run-demo';
import { freePort, removeDir, tempDataDir } from '../admin/harness';

describe("the demo guide's rate-limit numbers", () => {
  it('match what a burst of simultaneous requests gets', async () => {
    const dir = await tempDataDir();
    const demo = await runDemo({ backendPort: 0, gatewayPort: await freePort(), adminPort: 0, dataDir: dir, logger: pino({ level: 'silent' }), login: false });
    try {
      const said = /(\d+) requests sent at once \(curl's parallel mode\), about (\d+) pass and (\d+) get 429/.exec(demo.guide);
      expect(said).not.toBeNull();
      const [requests, pass, limited] = [Number(said![1]), Number(said![2]), Number(said![3])];
      expect(requests).toBe(DEMO_BURST_REQUESTS);
      expect(pass + limited).toBe(requests);
      expect(demo.guide).toContain(`'${demo.gatewayUrl}/api/burst?n=[1-${requests}]'`);

      const codes = await Promise.all(Array.from({ length: requests }, (_, i) => fetch(`${demo.gatewayUrl}/api/burst?n=${i}`).then((r) => r.status)));
      const ok = codes.filter((c) => c === 200).length;
      expect(codes.filter((c) => c === 429).length).toBe(requests - ok);
      // Arrival takes a few ms on a loaded machine; each 91 ms of spread refills one more token.
      expect(ok).toBeGreaterThanOrEqual(pass);
      expect(ok).toBeLessThanOrEqual(pass + 3);
    } finally {
      await demo.close();
      await removeDir(dir);
    }
  });
});
