import type { IncomingMessage } from 'node:http';
import { jsonErrorPosition, lineColumnOf } from '../../config-store/json-position';
import { GatewayError } from '../../errors';

/** Largest admin request body. @default 1 MiB */
export const ADMIN_BODY_LIMIT = 1024 * 1024;

/** Deepest nesting of objects and arrays an admin body may have. @default 32 */
export const ADMIN_JSON_MAX_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The first position where `text` nests deeper than `max` objects/arrays, or -1. A linear scan
 * that skips strings, so the depth is known before JSON.parse (or anything after it) recurses.
 */
export function excessiveDepthAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/**
 * Reads a request body of at most `limit` bytes and parses it as JSON. An empty body is
 * `undefined`. Too large → GW_BODY_TOO_LARGE (413) without buffering the excess; not JSON (or
 * not UTF-8) → GW_INVALID_JSON (400) naming the line and column.
 */
export function readJsonBody(req: IncomingMessage, limit = ADMIN_BODY_LIMIT): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // discard what the client still sends, so it can read the answer
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (err: GatewayError): void => {
      failed = true;
      chunks.length = 0;
      req.off('data', onData);
      req.resume();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) fail(tooLarge(limit));
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', (err) => {
      if (!failed)
        fail(
          new GatewayError('GW_BAD_REQUEST', `request body could not be read: ${err.message}`, {
            cause: err,
          }),
        );
    });
    req.on('end', () => {
      if (failed) return;
      try {
        resolve(parse(Buffer.concat(chunks)));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function parse(bytes: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (err) {
    throw new GatewayError('GW_INVALID_JSON', 'request body is not valid UTF-8', { cause: err });
  }
  if (text.trim() === '') return undefined;
  const deep = excessiveDepthAt(text, ADMIN_JSON_MAX_DEPTH);
  if (deep >= 0) {
    const { line, column } = lineColumnOf(text, deep);
    throw new GatewayError('GW_INVALID_JSON', `request body nests deeper than ${ADMIN_JSON_MAX_DEPTH} levels (line ${line} column ${column})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const { line, column } = jsonErrorPosition(text);
    throw new GatewayError(
      'GW_INVALID_JSON',
      `request body is not valid JSON at line ${line} column ${column}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('GW_BODY_TOO_LARGE', `request body is larger than ${limit} bytes`);
}
