/**
 * A task's cancellation signal. It has the shape undici accepts for `signal` (an emitter with
 * `aborted`, `reason`, `once`, `removeListener`) at a fraction of an AbortController's cost:
 * creating one and attaching a listener is a few hundred ns instead of several µs, on every
 * proxied request.
 */
export class CancelSignal {
  aborted = false;
  reason: Error | undefined;
  private listeners: (() => void)[] | undefined;

  /** Calls `fn` once when the task is cancelled (at once if it already was). */
  once(_event: 'abort', fn: () => void): this {
    if (this.aborted) fn();
    else (this.listeners ??= []).push(fn);
    return this;
  }

  /** Same as `once`: the signal fires at most once. (undici checks that `on` exists.) */
  on(event: 'abort', fn: () => void): this {
    return this.once(event, fn);
  }

  removeListener(_event: 'abort', fn: () => void): this {
    const l = this.listeners;
    if (l !== undefined) {
      const i = l.indexOf(fn);
      if (i >= 0) l.splice(i, 1);
    }
    return this;
  }

  /** Marks the signal aborted and runs the listeners. */
  abort(message: string): void {
    if (this.aborted) return;
    this.aborted = true;
    const err = new Error(message);
    err.name = 'AbortError';
    this.reason = err;
    const l = this.listeners;
    this.listeners = undefined;
    if (l !== undefined) for (const fn of l) fn();
  }
}
