import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** Where the proxy forwards to. */
export interface TcpProxyTarget {
  /** @default '127.0.0.1' */
  host?: string;
  port: number;
}

/** What the proxy currently does to the bytes; shared by reference with every lane. */
interface Faults {
  /** A blackhole holds the bytes. */
  holding: boolean;
  /** Half the round-trip latency, added to each direction. */
  oneWayDelayMs: number;
}

/**
 * One direction of one proxied connection. Every chunk (and the half-close after the last one)
 * goes through one queue, so bytes keep their order whatever the proxy does meanwhile: a chunk
 * sent after the latency drops never overtakes one still delayed, and what a blackhole held is
 * delivered before anything sent after the heal.
 */
class Lane {
  private readonly queue: { at: number; chunk: Buffer | 'end' }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly to: Socket,
    private readonly faults: Readonly<Faults>,
  ) {}

  push(chunk: Buffer | 'end'): void {
    if (this.closed) return;
    const last = this.queue.at(-1)?.at ?? 0;
    this.queue.push({ at: Math.max(Date.now() + this.faults.oneWayDelayMs, last), chunk });
    this.drain();
  }

  /** Writes every chunk that is due, unless the proxy holds bytes; waits for the next one. */
  drain(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.faults.holding) return;
    let next = this.queue[0];
    while (next !== undefined && next.at <= Date.now()) {
      this.queue.shift();
      if (next.chunk === 'end') this.to.end();
      else this.to.write(next.chunk);
      next = this.queue[0];
    }
    if (next !== undefined) this.timer = setTimeout(() => this.drain(), next.at - Date.now());
  }

  /** `to` closed: drops what is queued and whatever comes later. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }
}

/**
 * A loopback TCP proxy in front of a real server (Redis, usually), so a test can fail the network
 * between a client and the server without touching the shared server:
 *
 * - `cut()` closes every connection and refuses new ones (the server "goes away"); `start()`
 *   listens again on the same port (it is back);
 * - `blackhole()` holds every byte both ways with the connections left open (a network that
 *   stopped delivering: TCP retransmits, so the bytes arrive once it heals); `heal()` delivers
 *   what was held, in order, and forwards again;
 * - `setLatency(ms)` delays every exchange by a round trip of `ms`.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly lanes = new Set<Lane>();
  private listenPort = 0;
  private accepted = 0;
  private readonly faults: Faults = { holding: false, oneWayDelayMs: 0 };

  private readonly targetHost: string;
  private readonly targetPort: number;

  constructor(target: TcpProxyTarget) {
    this.targetHost = target.host ?? '127.0.0.1';
    this.targetPort = target.port;
  }

  /** A proxy to `target`, listening. */
  static async start(target: TcpProxyTarget): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.start();
    return proxy;
  }

  /** The loopback port clients connect to (0 before the first `start`). */
  get port(): number {
    return this.listenPort;
  }

  /** Client connections accepted since the proxy was made (across cuts). */
  get connections(): number {
    return this.accepted;
  }

  /** Listens on 127.0.0.1: on a free port the first time, on the same port after a `cut`. */
  async start(): Promise<void> {
    // Half-open both sides, so a half-close waits behind the delayed or held bytes before it.
    const server = createServer({ allowHalfOpen: true }, (client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    this.listenPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes every open connection and stops listening, so new connections are refused. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Holds every byte both ways, connections left open: the server seems to hang. */
  blackhole(): void {
    this.faults.holding = true;
  }

  /** Delivers what the blackhole held, in order, and forwards again. */
  heal(): void {
    this.faults.holding = false;
    for (const lane of this.lanes) lane.drain();
  }

  /**
   * Adds `roundTripMs` to every exchange (half each way); 0 forwards at once. Bytes already
   * delayed keep their time, and nothing overtakes them.
   * @default 0
   */
  setLatency(roundTripMs: number): void {
    this.faults.oneWayDelayMs = roundTripMs / 2;
  }

  private pipe(client: Socket): void {
    this.accepted++;
    const upstream = connect({ host: this.targetHost, port: this.targetPort, allowHalfOpen: true });
    this.forward(client, upstream, new Lane(upstream, this.faults));
    this.forward(upstream, client, new Lane(client, this.faults));
  }

  /** Forwards what `from` sends to `to` through `lane`, including its half-close. */
  private forward(from: Socket, to: Socket, lane: Lane): void {
    this.lanes.add(lane);
    this.sockets.add(to);
    to.on('error', () => undefined);
    to.on('close', () => {
      this.sockets.delete(to);
      this.lanes.delete(lane);
      lane.close();
    });
    let ended = false;
    from.on('data', (chunk: Buffer) => lane.push(chunk));
    from.on('end', () => {
      ended = true;
      lane.push('end');
    });
    // A graceful end reaches `to` through the lane, after the bytes before it; a reset, a refused
    // connect or a cut closes `to` at once.
    from.on('close', () => {
      if (!ended) to.destroy();
    });
  }
}
