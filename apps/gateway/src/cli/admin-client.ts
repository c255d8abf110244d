import { Agent, request } from 'undici';
import { CliError, ExitCode, RefusedError } from './cli-error';

/** Where and how the CLI talks to a gateway. */
export interface ClientOptions {
  /** Base URL of the admin plane. @default "http://127.0.0.1:9090" */
  server: string;
  /** Sent as `Authorization: Bearer <key>` when set. */
  apiKey?: string;
  /** Seconds to wait for a connection and for the answer. @default 10 */
  timeoutSec: number;
}

/** Error codes of a connection that never got an answer. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
}

/**
 * A small client of the admin API. Answers ≥ 400 become CliError(REFUSED) with the server's
 * `code: message (field …)`; transport failures become CliError(UNREACHABLE).
 */
export class AdminClient {
  private readonly base: URL;
  private readonly agent: Agent;

  /** A client of another gateway node, with the same key and timeout. */
  withServer(server: string): AdminClient {
    return new AdminClient({ ...this.opts, server });
  }

  constructor(private readonly opts: ClientOptions) {
    try {
      this.base = new URL(opts.server);
    } catch {
      throw new CliError(ExitCode.USAGE, `--server ${JSON.stringify(opts.server)} is not a URL`);
    }
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new CliError(ExitCode.USAGE, `--server must be an http(s) URL, got ${opts.server}`);
    }
    const ms = opts.timeoutSec * 1000;
    this.agent = new Agent({ connect: { timeout: ms }, headersTimeout: ms, bodyTimeout: ms });
  }

  /** Sends one request; resolves with the parsed JSON answer (undefined for 204). */
  async call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    // Keep a path prefix of --server (a gateway behind /gw/): join instead of resolving.
    const url = new URL(this.base.href.replace(/\/+$/, '') + path);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.opts.apiKey) headers['authorization'] = `Bearer ${this.opts.apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        dispatcher: this.agent,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      const code = errorCode(err);
      if (code !== undefined && UNREACHABLE.has(code)) {
        throw new CliError(
          ExitCode.UNREACHABLE,
          `cannot reach ${this.base.origin}: ${code} (${(err as Error).message})`,
        );
      }
      throw new CliError(
        ExitCode.UNREACHABLE,
        `request to ${this.base.origin} failed: ${(err as Error).message}`,
      );
    }
    const parsed = parseJson(text);
    if (status >= 400) {
      const code = (parsed as { code?: unknown } | undefined)?.code;
      throw new RefusedError(status, typeof code === 'string' ? code : undefined, describeRefusal(status, parsed, text));
    }
    return parsed;
  }

  /** Frees the connection pool so the process can exit at once. */
  close(): Promise<void> {
    return this.agent.close();
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeRefusal(status: number, body: unknown, text: string): string {
  const b = body as { code?: unknown; message?: unknown; field?: unknown } | undefined;
  if (b && typeof b.code === 'string' && typeof b.message === 'string') {
    return `${b.code}: ${b.message}${typeof b.field === 'string' && b.field !== '' ? ` (field ${b.field})` : ''}`;
  }
  return `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}
