// Body reading and JSON answers for the agent's node:http server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AgentBadRequestError, AgentBodyTooLargeError } from '../errors';

/** Reads a JSON body of at most `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new AgentBodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AgentBodyTooLargeError(limit);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new AgentBadRequestError('a JSON body is required', 'body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AgentBadRequestError('body is not valid JSON', 'body');
  }
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}
