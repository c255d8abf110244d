import type { Task } from '../../engine/task';

/**
 * Task key of headers the gateway itself adds to the client's answer, success or error alike
 * (a limiter's X-RateLimit-* and Retry-After). Kept apart from the backend's header map, which
 * HTTPOutput replaces, so a plugin before the backend call can still add to the answer.
 */
export const GATEWAY_RESPONSE_HEADERS_KEY = 'GATEWAY_RESPONSE_HEADERS';

/** Adds headers to the answer (lower-case names; a later call for the same name wins). */
export function addResponseHeaders(task: Task, headers: Readonly<Record<string, string>>): void {
  const current = task.value(GATEWAY_RESPONSE_HEADERS_KEY);
  if (current !== null && typeof current === 'object') Object.assign(current, headers);
  else task.setValue(GATEWAY_RESPONSE_HEADERS_KEY, { ...headers });
}

/** The headers plugins added for the answer, or undefined. */
export function responseHeadersOf(task: Task): Record<string, string> | undefined {
  const v = task.value(GATEWAY_RESPONSE_HEADERS_KEY);
  return v !== null && typeof v === 'object' ? (v as Record<string, string>) : undefined;
}
