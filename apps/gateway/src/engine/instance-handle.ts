import type { PluginInstance } from './types';
import type { Logger } from './logger';

/**
 * One built instance of a plugin, reference-counted by the pipeline snapshots that hold it.
 * It is closed when the last snapshot lets go: after a config update (the plugin's generation
 * moved on) or when no pipeline lists the plugin any more.
 */
export class InstanceHandle {
  refs = 0;
  /** Set when a newer generation replaced this one or the plugin was deleted. */
  dismissed = false;
  private closed = false;

  constructor(
    readonly pluginName: string,
    readonly pluginType: string,
    readonly generation: number,
    readonly instance: PluginInstance,
    private readonly logger: Logger,
    private readonly onClosed: (handle: InstanceHandle, done: Promise<void>) => void,
  ) {}

  /** Id of this instance for per-instance data buckets. */
  get instanceId(): string {
    return String(this.generation);
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    this.refs--;
    if (this.refs <= 0) this.close();
  }

  /** Closes the instance now (idempotent); errors are logged, never thrown. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    let done: Promise<void>;
    try {
      done = Promise.resolve(this.instance.close?.()).catch((err: unknown) =>
        this.logger.error({ err, plugin: this.pluginName }, 'plugin close failed'),
      );
    } catch (err) {
      this.logger.error({ err, plugin: this.pluginName }, 'plugin close failed');
      done = Promise.resolve();
    }
    this.onClosed(this, done);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
