import { connectClient, echoBehindProxy } from './echo-server';

describe('TcpProxy latency', () => {
  const ctx = echoBehindProxy();

  it('adds at least the round trip it was given to an exchange', async () => {
    const client = await connectClient(ctx.proxy.port);
    ctx.proxy.setLatency(40);
    const started = performance.now();
    client.socket.write('x');
    await client.until('x');
    // A lower bound only: timers fire late on a busy machine, never early, but Date.now's whole
    // milliseconds may cost up to 1 ms each way.
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
    client.socket.destroy();
  });

  it('never lets bytes sent after the latency dropped overtake bytes still delayed', async () => {
    const client = await connectClient(ctx.proxy.port);
    ctx.proxy.setLatency(200);
    client.socket.write('slow');
    ctx.proxy.setLatency(0);
    client.socket.write('fast');
    await client.until('slowfast');
    client.socket.destroy();
  });
});
