import { connectClient, echoBehindProxy } from './echo-server';

// Nothing arriving can only be observed over a while: this wait can miss a leak, never fail a
// correct ctx.proxy.
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe('TcpProxy blackhole and heal', () => {
  const ctx = echoBehindProxy();

  it('holds the bytes both ways with the connection open, and heal delivers them in order', async () => {
    const client = await connectClient(ctx.proxy.port);
    client.socket.write('1');
    await client.until('1');
    const [serverSide] = [...ctx.echo.clients];

    ctx.proxy.blackhole();
    client.socket.write('2');
    serverSide!.write('pushed');
    await settle();
    expect(client.received()).toBe('1');
    expect(client.socket.destroyed).toBe(false);

    ctx.proxy.heal();
    client.socket.write('3');
    await client.until('1pushed23');
    client.socket.destroy();
  });

  it('holds the bytes of connections opened during the blackhole too', async () => {
    ctx.proxy.blackhole();
    const client = await connectClient(ctx.proxy.port);
    client.socket.write('late');
    await settle();
    expect(client.received()).toBe('');
    ctx.proxy.heal();
    await client.until('late');
    client.socket.destroy();
  });
});
