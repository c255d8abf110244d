// A tiny stand-in for the registry agent: records every call and answers from a script of
// statuses. The real agent is its own product (packages/registry) with its own tests; here we
// only check what the auth service sends and how it reacts to the agent's answers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request. */
export interface AgentCall {
  method: string;
  path: string;
  body: any;
}

/** A fake agent on a free loopback port. */
export class FakeAgent {
  readonly calls: AgentCall[] = [];
  private server: Server | undefined;
  /** Statuses for successive /v1/register calls; the last one repeats. */
  registerStatuses: number[] = [200];
  /** Body of a successful registration. */
  registerBody: unknown = { id: 'auth-from-agent-1' };
  /** Whether heartbeats find the registered instance (false: an agent that lost its state). */
  knows = true;
  private registerCount = 0;

  /** Starts listening (on `port`, or a free one); resolves the base URL. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        this.calls.push({ method: req.method ?? '', path: req.url ?? '', body: text.length > 0 ? JSON.parse(text) : undefined });
        res.setHeader('content-type', 'application/json');
        if (req.url === '/v1/register') {
          const status = this.registerStatuses[Math.min(this.registerCount, this.registerStatuses.length - 1)]!;
          this.registerCount += 1;
          if (status < 300) this.knows = true;
          res.statusCode = status;
          res.end(JSON.stringify(status < 300 ? this.registerBody : { code: 'REG_TEST', message: `scripted ${status}` }));
          return;
        }
        if (req.url === '/v1/heartbeat' && !this.knows) {
          res.statusCode = 404;
          res.end(JSON.stringify({ code: 'REG_AGENT_UNKNOWN_INSTANCE', message: 'unknown instance' }));
          return;
        }
        res.statusCode = 200;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Calls to one path. */
  callsTo(path: string): AgentCall[] {
    return this.calls.filter((c) => c.path === path);
  }
}
