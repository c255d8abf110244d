/** One failed task, as the dashboard's "last errors" lists it. */
export interface RecordedError {
  /** When the task finished, on the engine's clock (ms). */
  readonly at: number;
  /** The plugin that set the error ("" when none is known). */
  readonly plugin: string;
  /** The task's result code (e.g. 429, 502). */
  readonly resultCode: number;
  /** The gateway error code (e.g. GW_FLOW_CONTROL; "" when the plugin gave none). */
  readonly errorCode: string;
  readonly message: string;
}

/** How many failed tasks a pipeline remembers. @default 20 */
export const ERROR_RING_CAPACITY = 20;

/**
 * The last failed tasks of a pipeline, oldest overwritten first. Slots are allocated once, so
 * recording a failure only stores references and numbers; successful tasks never touch it.
 */
export class ErrorRing {
  private readonly at: Float64Array;
  private readonly resultCodes: Int32Array;
  private readonly plugins: string[];
  private readonly errorCodes: string[];
  private readonly messages: string[];
  private next = 0;
  private size = 0;
  private total = 0;

  constructor(readonly capacity: number = ERROR_RING_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`error ring capacity must be a positive integer, got ${capacity}`);
    this.at = new Float64Array(capacity);
    this.resultCodes = new Int32Array(capacity);
    this.plugins = new Array<string>(capacity).fill('');
    this.errorCodes = new Array<string>(capacity).fill('');
    this.messages = new Array<string>(capacity).fill('');
  }

  /** Remembers one failed task, overwriting the oldest when full. */
  record(at: number, plugin: string, resultCode: number, errorCode: string, message: string): void {
    const i = this.next;
    this.at[i] = at;
    this.plugins[i] = plugin;
    this.resultCodes[i] = resultCode;
    this.errorCodes[i] = errorCode;
    this.messages[i] = message;
    this.next = i + 1 === this.capacity ? 0 : i + 1;
    if (this.size < this.capacity) this.size++;
    this.total++;
  }

  /** Failed tasks recorded since the ring was made (including those overwritten). */
  get recorded(): number {
    return this.total;
  }

  /** The remembered failures, newest first. */
  entries(): RecordedError[] {
    const out: RecordedError[] = [];
    for (let k = 1; k <= this.size; k++) {
      const i = (this.next - k + this.capacity) % this.capacity;
      out.push({
        at: this.at[i]!,
        plugin: this.plugins[i]!,
        resultCode: this.resultCodes[i]!,
        errorCode: this.errorCodes[i]!,
        message: this.messages[i]!,
      });
    }
    return out;
  }
}
