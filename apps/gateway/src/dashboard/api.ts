/** An error answer of the admin plane: `{code, message, field?}` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where the key is kept: this tab only, gone when the tab closes. */
const KEY_STORAGE = 'gatehouse.adminKey';

/** The admin key of this tab, if one was given. */
export function storedKey(): string | undefined {
  return sessionStorage.getItem(KEY_STORAGE) ?? undefined;
}

/** Keeps `key` for this tab (sessionStorage), or forgets it. */
export function storeKey(key: string | undefined): void {
  if (key === undefined || key === '') sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

/** Longest the page waits for one answer. */
const TIMEOUT_MS = 15_000;

/**
 * Calls the admin plane with the tab's key as `Authorization: Bearer`. Paths are relative
 * (`admin/v1/plugins`), so the page works behind a reverse proxy that mounts the admin plane
 * under a prefix. Bodies are always JSON with `Content-Type: application/json`. A 401 calls
 * `onUnauthorized` (the page then asks for the key) and rejects like every other error answer,
 * with an ApiError carrying the server's code, message and field.
 */
export class Api {
  /** Called on every 401, so the page can ask for the key. */
  onUnauthorized: (err: ApiError) => void = () => undefined;

  async get<T>(path: string): Promise<T> {
    return (await this.call('GET', path)) as T;
  }

  async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return (await this.call(method, path, body)) as T;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const key = storedKey();
    if (key !== undefined) headers['Authorization'] = `Bearer ${key}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new ApiError(0, 'NETWORK', `the gateway's admin plane cannot be reached (${err instanceof Error ? err.message : String(err)})`);
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (res.ok) return parsed;
    const e = (parsed ?? {}) as { code?: unknown; message?: unknown; field?: unknown };
    const err = new ApiError(
      res.status,
      typeof e.code === 'string' ? e.code : `HTTP_${res.status}`,
      typeof e.message === 'string' ? e.message : `${method} ${path} answered ${res.status}`,
      typeof e.field === 'string' && e.field !== '' ? e.field : undefined,
    );
    if (res.status === 401) this.onUnauthorized(err);
    throw err;
  }
}
