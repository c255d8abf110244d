import { CancelSignal } from '../cancel-signal';

/** What the receiving pipeline answers a cross-pipeline call with (reference §2.6). */
export interface CrossPipelineResponse {
  /** Name of the pipeline that served the call. */
  readonly pipeline: string;
  /** Values of the receiver's `response_data_keys` (streams included, never read here). */
  readonly data: ReadonlyMap<string, unknown>;
  /** The receiving task's error, result code and gateway error code; no error = success. */
  readonly error: string | undefined;
  readonly errorCode: string | undefined;
  readonly resultCode: number;
}

/**
 * One call from an UpstreamOutput to one target pipeline: the request data, a signal the sender
 * aborts when it gives up, and the single response. The hand-off is synchronous: nothing queues
 * a response, the sender awaits `response` and the receiver's finished task resolves it.
 */
export class CrossPipelineCall {
  /** Aborted when the sender gives up (timeout, its client left); the receiving task is cancelled. */
  readonly signal = new CancelSignal();
  readonly response: Promise<CrossPipelineResponse>;
  private resolve!: (r: CrossPipelineResponse) => void;
  private settled = false;

  constructor(
    /** The pipeline the call comes from. */
    readonly sender: string,
    /** Values of the sender's `request_data_keys`; streams pass by reference. */
    readonly data: ReadonlyMap<string, unknown>,
    /**
     * The sender task's source (the client's HTTP exchange), which becomes the receiving task's
     * source: the backend call still knows the client's address for X-Forwarded-For.
     */
    readonly origin: unknown = undefined,
    /** How many cross-pipeline calls led here: 1 for a call from a pipeline a client called. */
    readonly depth = 1,
  ) {
    this.response = new Promise((r) => (this.resolve = r));
  }

  /** True once answered or given up. */
  get done(): boolean {
    return this.settled;
  }

  /**
   * Delivers the response. A response that comes after the sender gave up has nobody to read its
   * streams: they are destroyed so the backend connection is freed.
   */
  respond(r: CrossPipelineResponse): void {
    if (this.settled) {
      destroyStreams(r.data);
      return;
    }
    this.settled = true;
    this.resolve(r);
  }

  /** Nobody waits for the response (a fanout target not flagged): it is discarded when it comes. */
  detach(): void {
    this.settled = true;
  }

  /** The sender stops waiting: the signal fires, and a later response is discarded. */
  giveUp(reason: string): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.abort(reason);
  }
}

/** Task key under which a task started by a cross-pipeline call keeps its call's depth. */
export const CROSS_PIPELINE_DEPTH_KEY = 'CROSS_PIPELINE_DEPTH';

/**
 * Deepest chain of cross-pipeline calls served. A cycle of UpstreamOutputs (A → B → A) would
 * otherwise recurse through free slots until the stack gives out; deeper calls get 503.
 */
export const MAX_CROSS_PIPELINE_DEPTH = 8;

/** Destroys every value that looks like a stream (has `destroy`). */
export function destroyStreams(data: ReadonlyMap<string, unknown>): void {
  for (const v of data.values()) {
    if (v !== null && typeof v === 'object' && typeof (v as { destroy?: unknown }).destroy === 'function') (v as { destroy(): void }).destroy();
  }
}
