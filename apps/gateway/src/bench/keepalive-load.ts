import { Agent, request } from 'node:http';

/** What a load run saw. */
export interface LoadTally {
  /** Answers with a 2xx status. */
  ok: number;
  /** Answers with another status, by status. */
  non2xx: Record<number, number>;
  /** Requests lost on an open connection (reset, hang-up): dropped work. */
  dropped: number;
  /** Connections refused because nothing listens any more: no request was sent. */
  refused: number;
  /** Error codes of the dropped requests. */
  droppedCodes: Record<string, number>;
}

/** A running load: keep-alive clients sending back to back until `stop`. */
export interface KeepAliveLoad {
  readonly tally: LoadTally;
  /** Stops sending; resolves once every client's last request has settled. */
  stop(): Promise<LoadTally>;
}

function send(agent: Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * `connections` keep-alive clients, each sending GET `url` as soon as its last answer is in, like
 * wrk. A refused connection means the listener is gone (a stopped single process): that client
 * waits `refusedBackoffMs` and tries again, counting no dropped request.
 */
export function keepAliveLoad(url: string, connections: number, refusedBackoffMs = 20): KeepAliveLoad {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const tally: LoadTally = { ok: 0, non2xx: {}, dropped: 0, refused: 0, droppedCodes: {} };
  let running = true;
  const client = async (): Promise<void> => {
    while (running) {
      try {
        const status = await send(agent, target);
        if (status >= 200 && status < 300) tally.ok++;
        else tally.non2xx[status] = (tally.non2xx[status] ?? 0) + 1;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        if (code === 'ECONNREFUSED') {
          tally.refused++;
          await new Promise((r) => setTimeout(r, refusedBackoffMs));
        } else {
          tally.dropped++;
          tally.droppedCodes[code] = (tally.droppedCodes[code] ?? 0) + 1;
        }
      }
    }
  };
  const clients = Array.from({ length: connections }, () => client());
  return {
    tally,
    stop: async () => {
      running = false;
      await Promise.all(clients);
      agent.destroy();
      return tally;
    },
  };
}

/** Total non-2xx answers of a tally. */
export function non2xxCount(t: LoadTally): number {
  return Object.values(t.non2xx).reduce((a, b) => a + b, 0);
}
