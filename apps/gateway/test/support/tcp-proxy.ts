import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server, for partitions: `blackhole` holds every byte
 * both ways with the connections left open (a network that stopped delivering: TCP retransmits,
 * so the bytes arrive once it heals), `heal` delivers what was held and forwards again, `cut`
 * closes every connection and refuses new ones.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private mode: 'open' | 'blackhole' = 'open';
  private held: (() => void)[] = [];
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<void> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  blackhole(): void {
    this.mode = 'blackhole';
  }

  heal(): void {
    this.mode = 'open';
    const held = this.held;
    this.held = [];
    for (const deliver of held) deliver();
  }

  /** Closes every connection and stops listening. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = connect({ host: '127.0.0.1', port: this.targetPort });
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (this.mode === 'open') to.write(chunk);
      else this.held.push(() => to.write(chunk));
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  }
}
