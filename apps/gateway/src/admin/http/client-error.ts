import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayError, type GatewayErrorCode } from '../../errors';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** The answer to a request Node could not even parse, by its parser error code. */
function answerFor(code: string | undefined): { status: number; error: GatewayError } {
  let status = 400;
  let gwCode: GatewayErrorCode = 'GW_BAD_REQUEST';
  let message = 'malformed HTTP request';
  if (code === 'HPE_HEADER_OVERFLOW') {
    [status, gwCode, message] = [431, 'GW_HEADERS_TOO_LARGE', 'request headers are too large'];
  } else if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    [status, gwCode, message] = [408, 'GW_REQUEST_TIMEOUT', 'the request was not received in time'];
  }
  return { status, error: new GatewayError(gwCode, message) };
}

/**
 * Makes requests that fail before routing (oversized head, garbage request line, timeout)
 * answer `{code, message}` JSON like every other admin error, instead of Node's bare status line.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, error } = answerFor(err.code);
    const body = JSON.stringify(error.toJSON());
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
