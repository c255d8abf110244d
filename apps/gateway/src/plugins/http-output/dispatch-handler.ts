import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { CancelSignal } from '../../engine/cancel-signal';
import { ProxiedBody } from './proxied-body';

/** What the backend answered, once its head arrived. */
export interface BackendResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: ProxiedBody;
}

/**
 * An undici dispatch handler for one backend call: calls `onHead` when the response head
 * arrives or `onFail` when the call fails first (exactly one of them), and feeds the body into a
 * ProxiedBody. Cancelling the task aborts the call through the task's signal.
 */
export class BackendCall implements Dispatcher.DispatchHandler {
  private body: ProxiedBody | undefined;
  private settled = false;
  private readonly onCancel = (): void => this.controller?.abort(this.signal.reason ?? new Error('task cancelled'));
  private controller: Dispatcher.DispatchController | undefined;

  constructor(
    private readonly signal: CancelSignal,
    private readonly onHead: (r: BackendResponse) => void,
    private readonly onFail: (err: NodeJS.ErrnoException) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) controller.abort(this.signal.reason ?? new Error('task cancelled'));
    else this.signal.once('abort', this.onCancel);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return; // 1xx informational answers are not the response
    const body = new ProxiedBody(controller);
    this.body = body;
    if (this.settled) return;
    this.settled = true;
    this.onHead({ statusCode, headers, body });
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.body?.push(chunk);
  }

  onResponseEnd(): void {
    this.signal.removeListener('abort', this.onCancel);
    this.controller = undefined;
    this.body?.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.signal.removeListener('abort', this.onCancel);
    this.controller = undefined;
    if (!this.settled) {
      this.settled = true;
      this.onFail(err);
    } else this.body?.fail(err);
  }
}
