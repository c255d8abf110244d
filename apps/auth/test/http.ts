// Small HTTP client for the tests: real requests to the listening app through undici.
import { request } from 'undici';

/** A decoded response. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/** Sends a request; `body` objects are JSON-encoded, strings are sent as they are. */
export async function call(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await request(`${baseUrl}${path}`, {
    method,
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await res.body.text();
  let parsed: unknown = undefined;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, text };
}

/** POST /v1/login. */
export function login(baseUrl: string, username: string, password: string): Promise<TestResponse> {
  return call(baseUrl, 'POST', '/v1/login', { username, password });
}
