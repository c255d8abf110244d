import { connectClient, connectRefused, echoBehindProxy } from './echo-server';

describe('TcpProxy cut and start', () => {
  const ctx = echoBehindProxy();

  it('forwards bytes both ways and counts the connections it accepted', async () => {
    const client = await connectClient(ctx.proxy.port);
    client.socket.write('ping');
    await client.until('ping');
    expect(ctx.proxy.connections).toBe(1);
    client.socket.destroy();
  });

  it('cut closes the open connections and refuses new ones; start listens again on the same port', async () => {
    const client = await connectClient(ctx.proxy.port);
    client.socket.write('a');
    await client.until('a');
    const port = ctx.proxy.port;

    await ctx.proxy.cut();
    await client.closed;
    expect(await connectRefused(port)).toBe(true);

    await ctx.proxy.start();
    expect(ctx.proxy.port).toBe(port);
    const again = await connectClient(port);
    again.socket.write('b');
    await again.until('b');
    expect(ctx.proxy.connections).toBe(2);
    again.socket.destroy();
  });

  it('passes a half-close on after the bytes before it', async () => {
    const client = await connectClient(ctx.proxy.port);
    ctx.proxy.setLatency(20);
    client.socket.end('last');
    await client.closed; // the echo server ends once our end reached it, after echoing 'last'
    expect(client.received()).toBe('last');
  });
});
