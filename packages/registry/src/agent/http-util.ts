// Body reading and JSON answers for the agent's node:http server. A body must arrive within the
// body timeout (a client that opens a request and trickles or stalls cannot hold a handler).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '@gatehouse/foundation';
import { AgentBadRequestError, AgentBodyTimeoutError, AgentBodyTooLargeError } from '../errors';

/** Limits of one request body. */
export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
  clock: Clock;
}

/** Reads a JSON body of at most `maxBytes` within `timeoutMs`. */
export function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBytes) return Promise.reject(new AgentBodyTooLargeError(limits.maxBytes));
  return new Promise<unknown>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: Error | undefined, value?: unknown): void => {
      if (settled) return;
      settled = true;
      limits.clock.clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError);
      if (err) {
        req.resume(); // drain what still comes; the answer closes the connection
        reject(err);
      } else resolve(value);
    };
    const timer = limits.clock.setTimeout(() => finish(new AgentBodyTimeoutError(limits.timeoutMs)), limits.timeoutMs);
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish(new AgentBodyTooLargeError(limits.maxBytes));
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return finish(new AgentBadRequestError('a JSON body is required', 'body'));
      try {
        finish(undefined, JSON.parse(text) as unknown);
      } catch {
        finish(new AgentBadRequestError('body is not valid JSON', 'body'));
      }
    };
    const onError = (err: Error): void => finish(err);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}
