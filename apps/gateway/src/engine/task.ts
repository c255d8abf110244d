import { CancelSignal } from './cancel-signal';
import { describeType, TaskValueTypeError, type TaskKey } from './task-key';

/**
 * A task is the one-off unit of work flowing through a pipeline: a key/value bag plus a status
 * machine (reference §2.4): Pending → Running → ResponseImmediately | Finishing → Finished.
 */
export enum TaskStatus {
  Pending = 'Pending',
  Running = 'Running',
  ResponseImmediately = 'ResponseImmediately',
  Finishing = 'Finishing',
  Finished = 'Finished',
}

/** Result codes of Ease Gateway's `task/result_code.go`. */
export const ResultCode = {
  OK: 200,
  BadInput: 400,
  Unauthorized: 401,
  FlowControl: 429,
  MissingInput: 498,
  RequesterGone: 499,
  InternalServerError: 500,
  UnknownError: 501,
  TaskCancelled: 502,
  ServiceUnavailable: 503,
  ServerGone: 503,
  GatewayTimeout: 504,
} as const;
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

/** The HTTP status HTTPInput answers a result code with (498 → 503 as in the original). */
export function resultCodeToHttp(code: number): number {
  return code === ResultCode.MissingInput ? 503 : code;
}

/** `SuccessfulResult(code) := code < 400`. */
export function isSuccessfulResult(code: number): boolean {
  return code < 400;
}

export type FinishedCallback = (task: Task) => void;
/**
 * Returns true when it recovered the task, which then continues with the next plugin; "finish"
 * when it recovered the task and answered it (a mock): the pipeline ends there without an error.
 */
export type RecoveryFunc = (task: Task, failedPlugin: string) => boolean | 'finish';
/** Supplies values nobody stored explicitly (HTTPInput's CGI keys are computed on demand). */
export type LazyValues = (key: string) => unknown;

const ALLOWED: Record<TaskStatus, readonly TaskStatus[]> = {
  [TaskStatus.Pending]: [TaskStatus.Running, TaskStatus.ResponseImmediately, TaskStatus.Finished],
  [TaskStatus.Running]: [TaskStatus.ResponseImmediately, TaskStatus.Finishing, TaskStatus.Finished],
  [TaskStatus.ResponseImmediately]: [TaskStatus.Running, TaskStatus.Finished],
  [TaskStatus.Finishing]: [TaskStatus.Finished],
  [TaskStatus.Finished]: [],
};

export class Task {
  status: TaskStatus = TaskStatus.Pending;
  resultCode: number = ResultCode.OK;
  error: string | undefined;
  /** The gateway error code that explains `error`, e.g. GW_FLOW_CONTROL. */
  errorCode: string | undefined;
  /** Name of the plugin that set the error. */
  errorPlugin: string | undefined;
  readonly startAt: number;
  finishAt = 0;
  /** Whatever the source plugin handed the pipeline (HTTPInput: the request and response). */
  readonly source: unknown;
  private readonly values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private lazy: LazyValues | undefined;
  private cancelSignal: CancelSignal | undefined;
  private cancelCause: number | undefined;
  private finished: FinishedCallback[] | undefined;
  private recoveries: Map<string, RecoveryFunc> | undefined;
  private pluginRecoveries: Map<string, RecoveryFunc> | undefined;

  constructor(source: unknown, startAt: number) {
    this.source = source;
    this.startAt = startAt;
  }

  /** The value under `key`: one stored with `setValue`, else one the lazy supplier computes. */
  value(key: string): unknown {
    const v = this.values[key];
    if (v !== undefined || this.lazy === undefined) return v;
    return this.lazy(key);
  }

  /**
   * The value under a typed key; undefined when absent. Throws TaskValueTypeError when another
   * plugin stored a value of the wrong type: the pipeline fails the task with a 500 naming the
   * reading plugin and the key.
   */
  get<T>(key: TaskKey<T>): T | undefined {
    const v = this.value(key.name);
    if (v === undefined || key.is(v)) return v;
    throw new TaskValueTypeError(key.name, key.expected, describeType(v));
  }

  /** Stores `value` under a typed key. */
  put<T>(key: TaskKey<T>, value: T): void {
    this.values[key.name] = value;
  }

  setValue(key: string, value: unknown): void {
    this.values[key] = value;
  }

  deleteValue(key: string): void {
    delete this.values[key];
  }

  /** Keys stored explicitly (lazy keys are not enumerable). */
  keys(): string[] {
    return Object.keys(this.values);
  }

  setLazyValues(fn: LazyValues): void {
    this.lazy = fn;
  }

  /** Moves the status machine; an illegal transition is a programming error and throws. */
  setStatus(next: TaskStatus): void {
    if (this.status === next) return;
    if (!ALLOWED[this.status].includes(next)) {
      throw new Error(`illegal task transition ${this.status} → ${next}`);
    }
    this.status = next;
  }

  /** Records a user-caused failure; the pipeline responds immediately unless a recovery applies. */
  setError(message: string, resultCode: number, errorCode?: string): void {
    this.error = message;
    this.resultCode = resultCode;
    this.errorCode = errorCode;
    if (this.status === TaskStatus.Running || this.status === TaskStatus.Pending) {
      this.setStatus(TaskStatus.ResponseImmediately);
    }
  }

  /** Clears the error after a recovery function repaired the task. */
  clearError(): void {
    this.error = undefined;
    this.errorCode = undefined;
    this.errorPlugin = undefined;
    this.resultCode = ResultCode.OK;
    if (this.status === TaskStatus.ResponseImmediately) this.setStatus(TaskStatus.Running);
  }

  /** Asks the pipeline to skip the remaining plugins (a cache hit, a redirect). */
  finishEarly(): void {
    if (this.status === TaskStatus.Running) this.setStatus(TaskStatus.Finishing);
  }

  /** Aborted when the task is cancelled (client gone, shutdown); created on first use. */
  get signal(): CancelSignal {
    return (this.cancelSignal ??= new CancelSignal());
  }

  get cancelled(): boolean {
    return this.cancelCause !== undefined;
  }

  /** The result code the task was cancelled with, if it was. */
  get cancelledWith(): number | undefined {
    return this.cancelCause;
  }

  /** Cancels the task (client gone, shutdown): plugins waiting on `signal` stop at once. */
  cancel(resultCode: number, reason: string, errorCode = 'GW_SERVICE_UNAVAILABLE'): void {
    if (this.cancelCause !== undefined || this.status === TaskStatus.Finished) return;
    this.cancelCause = resultCode;
    if (this.status !== TaskStatus.ResponseImmediately) this.setError(reason, resultCode, errorCode);
    this.cancelSignal?.abort(reason);
  }

  addFinishedCallback(fn: FinishedCallback): void {
    (this.finished ??= []).push(fn);
  }

  /** Registers a recovery for failures of plugins of `pluginType`. */
  addRecoveryFunc(pluginType: string, fn: RecoveryFunc): void {
    (this.recoveries ??= new Map()).set(pluginType, fn);
  }

  /** Registers a recovery for failures of the plugin named `pluginName` (one of any type). */
  addPluginRecoveryFunc(pluginName: string, fn: RecoveryFunc): void {
    (this.pluginRecoveries ??= new Map()).set(pluginName, fn);
  }

  /**
   * Runs the recovery registered for `pluginType`, else for `pluginName`; true when the task runs
   * on. A recovery that answered the task ("finish") leaves it Finishing without an error.
   */
  tryRecover(pluginType: string, pluginName: string): boolean {
    const fn = this.recoveries?.get(pluginType) ?? this.pluginRecoveries?.get(pluginName);
    if (fn === undefined || this.cancelled) return false;
    const outcome = fn(this, pluginName);
    if (outcome === false) return false;
    this.clearError();
    if (outcome === true) return true;
    this.finishEarly();
    return false;
  }

  /** Marks the task finished and runs its finished callbacks in registration order. */
  finish(now: number): void {
    if (this.status === TaskStatus.Finished) return;
    this.setStatus(TaskStatus.Finished);
    this.finishAt = now;
    const cbs = this.finished;
    if (cbs === undefined) return;
    for (let i = 0; i < cbs.length; i++) cbs[i]!(this);
  }
}
