// A scriptable stand-in for the registry agent: each route answers what the test sets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubReply {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export type StubHandler = (req: IncomingMessage, body: unknown) => StubReply;

export class StubAgent {
  readonly calls: Array<{ method: string; url: string; body: unknown }> = [];
  private readonly routes = new Map<string, StubHandler>();
  private server: Server | undefined;

  /** Answers `METHOD path` with `handler` (or a fixed reply). */
  on(route: string, handler: StubHandler | StubReply): this {
    this.routes.set(route, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  callsTo(route: string): unknown[] {
    return this.calls.filter((c) => `${c.method} ${c.url}` === route).map((c) => c.body);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    this.calls.push({ method: req.method ?? '', url: req.url ?? '', body });
    const handler = this.routes.get(`${req.method} ${req.url}`);
    const reply = handler ? handler(req, body) : { status: 404, body: { code: 'REG_AGENT_NOT_FOUND', message: 'no route' } };
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
  }
}
