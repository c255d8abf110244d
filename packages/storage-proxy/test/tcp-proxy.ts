// A loopback TCP proxy in front of the real Redis, so a test can take "Redis" away (stop), bring it
// back (start) or make it hang (pause) without touching the shared server.
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private paused = false;
  private held: Array<() => void> = [];
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Listens (on the same port as before, after a stop). */
  async start(): Promise<void> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Refuses new connections and cuts the open ones: Redis "goes away". */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Holds every byte from clients: Redis "hangs" (slow), connections stay open. */
  pause(): void {
    this.paused = true;
  }

  /** Delivers what was held and forwards again. */
  resume(): void {
    this.paused = false;
    const held = this.held;
    this.held = [];
    for (const flush of held) flush();
  }

  private pipe(client: Socket): void {
    const upstream = connect({ host: this.targetHost, port: this.targetPort });
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => {
      if (this.paused) this.held.push(() => upstream.write(chunk));
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    // Pass half-closes on, so a client's graceful QUIT/disconnect completes at once.
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  }
}
