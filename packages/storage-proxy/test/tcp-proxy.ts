// A loopback TCP proxy in front of the real Redis, so a test can take "Redis" away (stop), bring it
// back (start), make it hang (pause) or slow (latencyMs) without touching the shared server.
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private paused = false;
  private held: Array<() => void> = [];
  port = 0;
  /** Round-trip time added to every exchange (half each way). */
  latencyMs = 0;
  /** Client connections accepted since the proxy was made. */
  connections = 0;

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
    this.connections++;
    const upstream = connect({ host: this.targetHost, port: this.targetPort });
    // Each direction keeps its byte order when the latency changes mid-stream: a chunk is never
    // written before the chunks that came before it.
    const direction = (): ((write: () => void) => void) => {
      const queue: Array<{ at: number; write: () => void }> = [];
      let timer: NodeJS.Timeout | undefined;
      const drain = (): void => {
        timer = undefined;
        while (queue.length > 0 && queue[0]!.at <= Date.now()) queue.shift()!.write();
        if (queue.length > 0) timer = setTimeout(drain, queue[0]!.at - Date.now());
      };
      return (write) => {
        const last = queue.length > 0 ? queue[queue.length - 1]!.at : 0;
        queue.push({ at: Math.max(Date.now() + this.latencyMs / 2, last), write });
        if (timer === undefined) drain();
      };
    };
    const toUpstream = direction();
    const toClient = direction();
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
      else toUpstream(() => upstream.write(chunk));
    });
    upstream.on('data', (chunk) => toClient(() => client.write(chunk)));
    // Pass half-closes on, so a client's graceful QUIT/disconnect completes at once.
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  }
}
