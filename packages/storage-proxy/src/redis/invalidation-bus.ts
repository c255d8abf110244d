// Cross-instance invalidation over Redis pub/sub: each write through multiLevel publishes its keys;
// the other instances drop their in-process copies. Messages carry the sender's id so an instance
// ignores its own. Keys keep their JSON type on the wire; receivers match them by text (keyId).
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { InvalidOptionsError } from '../errors';
import type { InvalidationBus } from '../invalidation';
import type { Key } from '../types';
import { withDeadline } from './timeout';

/** Options of {@link RedisInvalidationBus}. */
export interface RedisInvalidationBusOptions {
  /** Client that publishes (the cache client is fine). */
  publisher: Redis;
  /** A dedicated client for SUBSCRIBE (a subscribed connection can do nothing else). */
  subscriber: Redis;
  /** Pub/sub channel; one per cached table. */
  channel: string;
  /** Deadline of a PUBLISH in milliseconds. @default 100 */
  commandTimeoutMs?: number;
}

interface Message {
  o: string;
  k: Key[];
}

/** An InvalidationBus on Redis PUBLISH/SUBSCRIBE. Call `start()` before relying on it. */
export class RedisInvalidationBus implements InvalidationBus {
  /** This instance's id; messages from it are ignored on receipt. */
  readonly origin = randomUUID();
  private readonly listeners = new Set<(keys: Key[] | null) => void>();
  private readonly onMessage = (channel: string, payload: string): void => this.receive(channel, payload);
  private readonly onReady = (): void => this.resync();
  private started = false;

  constructor(private readonly options: RedisInvalidationBusOptions) {
    if (typeof options.channel !== 'string' || options.channel.length === 0) throw new InvalidOptionsError('RedisInvalidationBus channel must be a non-empty string');
    if (options.publisher === options.subscriber) throw new InvalidOptionsError('RedisInvalidationBus needs separate publisher and subscriber clients');
  }

  /** Subscribes to the channel; resolves once Redis confirmed the subscription. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.options.subscriber.on('message', this.onMessage);
    await this.options.subscriber.subscribe(this.options.channel);
    // After a reconnect (ioredis re-subscribes by itself) messages may have been missed.
    this.options.subscriber.on('ready', this.onReady);
  }

  /** Publishes `keys` to the other instances. */
  async publish(keys: readonly Key[]): Promise<void> {
    const message: Message = { o: this.origin, k: [...keys] };
    const { publisher, channel, commandTimeoutMs = 100 } = this.options;
    await withDeadline(publisher, 'publish', commandTimeoutMs, () => publisher.publish(channel, JSON.stringify(message)));
  }

  /**
   * Registers `listener`: called with the keys another instance wrote, or with null after the
   * subscription was lost and restored (messages may be missing: drop everything local).
   */
  subscribe(listener: (keys: Key[] | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Unsubscribes from the channel (the clients stay the caller's to quit). */
  async close(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.options.subscriber.off('message', this.onMessage);
    this.options.subscriber.off('ready', this.onReady);
    if (this.options.subscriber.status === 'ready') await this.options.subscriber.unsubscribe(this.options.channel);
  }

  private receive(channel: string, payload: string): void {
    if (channel !== this.options.channel) return;
    let message: Message;
    try {
      message = JSON.parse(payload) as Message;
    } catch {
      return; // not ours: another program shares the channel
    }
    if (message.o === this.origin || !Array.isArray(message.k)) return;
    const keys = message.k.filter((k): k is Key => typeof k === 'string' || typeof k === 'number');
    for (const listener of this.listeners) listener(keys);
  }

  private resync(): void {
    for (const listener of this.listeners) listener(null);
  }
}
