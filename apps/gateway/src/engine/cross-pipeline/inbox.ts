import { ResultCode, type Task } from '../task';
import { CROSS_PIPELINE_DEPTH_KEY, MAX_CROSS_PIPELINE_DEPTH, type CrossPipelineCall } from './call';

/** Turns a claimed call into the receiving task's values and answer (DownstreamInput does this). */
export type CrossPipelineReceiver = (task: Task, call: CrossPipelineCall) => void;

/** How the inbox asks its pipeline for a slot. */
export interface InboxHost {
  /**
   * Starts a task now, running `init` on it first, when the pipeline has a free slot (and no
   * task of its own waits for one); false when it has none or is not serving.
   */
  tryStart(source: unknown, init: (task: Task) => void): boolean;
}

/** What `commit` did with a call. */
export type CommitResult = 'accepted' | 'backlog-full' | 'no-receiver' | 'too-deep';

/**
 * A pipeline's side of cross-pipeline calls (reference §2.6): calls that find a free slot start
 * a task at once; the others wait in a FIFO backlog bounded by `cross_pipeline_request_backlog`
 * and start as slots free. A full backlog refuses at once (503 at the sender) rather than letting
 * senders pile up behind it. The receiver is attached by the pipeline's DownstreamInput.
 */
export class CrossPipelineInbox {
  private receiver: CrossPipelineReceiver | undefined;
  /** Served entries are cleared to undefined (and the array compacted now and then) so they can be collected. */
  private backlog: (CrossPipelineCall | undefined)[] = [];
  private head = 0;
  private working = 0;
  private closed = false;

  constructor(
    readonly pipeline: string,
    private limit: number,
    private readonly host: InboxHost,
  ) {}

  /** Calls accepted and not answered yet: waiting in the backlog or being served. */
  get wip(): number {
    return this.working + this.queued;
  }

  /** Calls waiting in the backlog. */
  get queued(): number {
    return this.backlog.length - this.head;
  }

  /** True while a receiver (a DownstreamInput) serves calls in this pipeline. */
  get receiving(): boolean {
    return this.receiver !== undefined && !this.closed;
  }

  setLimit(limit: number): void {
    this.limit = limit;
  }

  /** Makes `receiver` the one that takes calls; the returned function detaches it (only if still current). */
  attach(receiver: CrossPipelineReceiver): () => void {
    this.receiver = receiver;
    return () => {
      if (this.receiver === receiver) this.receiver = undefined;
    };
  }

  /** Hands `call` to this pipeline: started now, queued, or refused. */
  commit(call: CrossPipelineCall): CommitResult {
    const receiver = this.receiver;
    if (receiver === undefined || this.closed) return 'no-receiver';
    if (call.depth > MAX_CROSS_PIPELINE_DEPTH) return 'too-deep';
    if (this.queued === 0 && this.host.tryStart(call.origin, (t) => this.begin(t, call, receiver))) return 'accepted';
    if (this.queued >= this.limit) return 'backlog-full';
    this.backlog.push(call);
    return 'accepted';
  }

  /**
   * The pipeline has a free slot: the init of the next live call in the backlog, or undefined.
   * Calls whose sender gave up meanwhile are dropped; with no receiver left, waiting calls get 503.
   */
  next(): { source: unknown; init: (task: Task) => void } | undefined {
    while (this.queued > 0) {
      const call = this.backlog[this.head]!;
      this.backlog[this.head++] = undefined;
      if (this.head > 1024 && this.head * 2 > this.backlog.length) {
        this.backlog = this.backlog.slice(this.head);
        this.head = 0;
      }
      if (call.done) continue;
      const receiver = this.receiver;
      if (receiver === undefined) {
        refuse(call, this.pipeline, `pipeline ${this.pipeline} no longer takes cross-pipeline calls`);
        continue;
      }
      return { source: call.origin, init: (t) => this.begin(t, call, receiver) };
    }
    return undefined;
  }

  /** The pipeline stopped: every waiting call is answered 503 and nothing more is accepted. */
  close(reason: string): void {
    this.closed = true;
    for (let i = this.head; i < this.backlog.length; i++) refuse(this.backlog[i]!, this.pipeline, reason);
    this.backlog = [];
    this.head = 0;
  }

  private begin(task: Task, call: CrossPipelineCall, receiver: CrossPipelineReceiver): void {
    this.working++;
    // The sender giving up (timeout, its client left) cancels the work done on its behalf.
    const cancel = (): void => task.cancel(ResultCode.RequesterGone, 'the calling pipeline gave up', 'GW_CLIENT_CLOSED_REQUEST');
    call.signal.once('abort', cancel);
    task.setValue(CROSS_PIPELINE_DEPTH_KEY, call.depth);
    task.addFinishedCallback(() => {
      this.working--;
      call.signal.removeListener('abort', cancel);
    });
    receiver(task, call);
  }
}

function refuse(call: CrossPipelineCall, pipeline: string, reason: string): void {
  call.respond({ pipeline, data: new Map(), error: reason, errorCode: 'GW_SERVICE_UNAVAILABLE', resultCode: ResultCode.ServiceUnavailable });
}
