// The HTTP face of one emulated agent: Consul's v1 routes that the driver and the tests use.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { field, HttpError, type AgentState } from './agent';
import type { ConsulCluster } from './cluster';
import { DATACENTER } from './cluster';
import { parseDuration } from './duration';
import type { CheckStatus } from './state';

const DEFAULT_WAIT_MS = 5 * 60_000;
const MAX_WAIT_MS = 10 * 60_000;
const CONSUL_VERSION = '1.20.2';

/** One agent's loopback HTTP server; can be stopped and started again on the same port. */
export class EmulatedAgentServer {
  /** Status of the node's serfHealth check. */
  nodeHealth: CheckStatus = 'passing';
  private server: Server | undefined;
  private port = 0;

  constructor(readonly state: AgentState, private readonly cluster: ConsulCluster) {}

  /** True while the HTTP server is listening. */
  get isUp(): boolean {
    return this.server !== undefined;
  }

  /** host/port for a Consul client. */
  get address(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.port };
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the listener and every open connection (the agent is "down"). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://consul');
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    this.cluster.requests.push({ agent: this.state.nodeName, method, path: url.pathname, query });
    try {
      const body = method === 'PUT' ? await readJson(req) : undefined;
      await this.route(method, url.pathname, url.searchParams, body, res);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(err instanceof Error ? err.message : String(err));
    }
  }

  private async route(method: string, path: string, q: URLSearchParams, body: unknown, res: ServerResponse): Promise<void> {
    const st = this.state;
    let m: RegExpMatchArray | null;
    if (method === 'PUT' && path === '/v1/agent/service/register') {
      st.registerService(body);
      return ok(res, '');
    }
    if (method === 'PUT' && (m = path.match(/^\/v1\/agent\/service\/deregister\/(.+)$/))) {
      st.deregisterService(decodeURIComponent(m[1]!));
      return ok(res, '');
    }
    if (method === 'PUT' && (m = path.match(/^\/v1\/agent\/check\/(pass|warn|fail)\/(.+)$/))) {
      const status: CheckStatus = m[1] === 'pass' ? 'passing' : m[1] === 'warn' ? 'warning' : 'critical';
      st.updateTtl(decodeURIComponent(m[2]!), status, q.get('note') ?? '');
      return ok(res, '');
    }
    if (method === 'PUT' && (m = path.match(/^\/v1\/agent\/check\/update\/(.+)$/))) {
      const status = field(body, 'Status');
      if (status !== 'passing' && status !== 'warning' && status !== 'critical') throw new HttpError(400, `Invalid check status: "${String(status)}"`);
      st.updateTtl(decodeURIComponent(m[1]!), status, String(field(body, 'Output') ?? ''));
      return ok(res, '');
    }
    if (method === 'GET' && path === '/v1/agent/self') {
      return json(res, {
        Config: { Datacenter: DATACENTER, NodeName: st.nodeName, NodeID: st.nodeName, Version: CONSUL_VERSION },
        Member: { Name: st.nodeName, Addr: st.address, Port: 8301, Status: 1 },
      });
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/health\/service\/(.+)$/))) {
      const name = decodeURIComponent(m[1]!);
      const passing = q.has('passing') && q.get('passing') !== 'false' && q.get('passing') !== '0';
      await this.block(q);
      return json(res, this.cluster.healthService(name, passing), this.cluster.index.current);
    }
    if (method === 'GET' && path === '/v1/catalog/services') {
      await this.block(q);
      return json(res, this.cluster.catalogServices(), this.cluster.index.current);
    }
    if (method === 'PUT' && path === '/v1/catalog/deregister') {
      const node = field(body, 'Node');
      if (typeof node !== 'string' || node === '') throw new HttpError(400, 'Missing node name');
      this.cluster.catalogDeregister(node, field(body, 'ServiceID') as string | undefined, field(body, 'CheckID') as string | undefined);
      return json(res, true);
    }
    throw new HttpError(404, `emulator: no route for ${method} ${path}`);
  }

  /** Blocking-query semantics: hold the answer while the index has not moved past `index`. */
  private async block(q: URLSearchParams): Promise<void> {
    const raw = q.get('index');
    if (raw === null) return;
    const index = Number(raw);
    if (!Number.isFinite(index) || index < 0) throw new HttpError(400, 'Invalid index');
    if (index === 0) return;
    const waitText = q.get('wait');
    let wait = waitText === null ? DEFAULT_WAIT_MS : parseDuration(waitText);
    if (wait === undefined) throw new HttpError(400, 'Invalid wait time');
    wait = Math.min(wait, MAX_WAIT_MS);
    // Consul adds up to wait/16 so that many watchers do not wake together.
    wait += Math.floor(this.cluster.random() * (wait / 16));
    await this.cluster.index.waitPast(index, wait, this.cluster.clock);
  }
}

function ok(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function json(res: ServerResponse, body: unknown, index?: number): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (index !== undefined) {
    headers['X-Consul-Index'] = String(index);
    headers['X-Consul-KnownLeader'] = 'true';
    headers['X-Consul-LastContact'] = '0';
  }
  res.writeHead(200, headers);
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Request decode failed: invalid JSON');
  }
}
