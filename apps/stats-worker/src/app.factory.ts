import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { WorkerConfig } from './config/worker-config';
import { NotFoundFilter } from './http/not-found.filter';
import { createWorkerMetrics } from './metrics/worker-metrics';
import { StatsConsumer } from './queue/stats-consumer';

/** A started worker. */
export interface RunningWorker {
  /** e.g. `http://127.0.0.1:9100` */
  url: string;
  consumer: StatsConsumer;
  /** Stops taking jobs, folds what it holds, closes everything. Idempotent. */
  close(): Promise<void>;
}

/** Retries forever with a capped delay: after a Redis restart the worker must come back by itself (bullmq#2964). */
const reconnect = (times: number): number => Math.min(100 * times, 3000);

/**
 * Starts the worker: the BullMQ consumer (its own connection, `maxRetriesPerRequest: null` as
 * BullMQ requires for blocking reads), a second connection for the fold scripts, and the
 * `/health` + `/metrics` HTTP app.
 */
export async function startStatsWorker(config: WorkerConfig, logger: Logger): Promise<RunningWorker> {
  const consumerRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, retryStrategy: reconnect });
  const foldRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, retryStrategy: reconnect });
  // Fails fast while Redis is down, so /metrics and /health answer instead of hanging.
  const probeRedis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: reconnect });
  for (const c of [consumerRedis, foldRedis, probeRedis]) c.on('error', () => undefined);
  const queue = new Queue(config.consumer.queueName, { connection: probeRedis });
  queue.on('error', () => undefined);
  const metrics = createWorkerMetrics(queue);
  const consumer = new StatsConsumer(consumerRedis, foldRedis, config.consumer, config.fold, metrics.observer, logger);

  const health = async (): Promise<{ redis: boolean; worker: boolean }> => ({
    redis: await probeRedis.ping().then(
      (r) => r === 'PONG',
      () => false,
    ),
    worker: consumer.running,
  });
  let app: NestExpressApplication | undefined;
  const closeAll = async (): Promise<void> => {
    await app?.close();
    await consumer.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    for (const c of [consumerRedis, foldRedis, probeRedis]) c.disconnect();
  };
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.register({ metrics: metrics.register, health }), { logger: false });
    app.useGlobalFilters(new NotFoundFilter());
    await app.listen(config.port, config.host);
  } catch (err) {
    await closeAll();
    throw err;
  }
  consumer.start();
  const addr = app.getHttpServer().address() as AddressInfo;
  const url = `http://${addr.address}:${addr.port}`;
  logger.info({ url, queue: config.consumer.queueName, concurrency: config.consumer.concurrency, batchSize: config.fold.batchSize }, 'stats worker started');
  let closing: Promise<void> | undefined;
  return { url, consumer, close: () => (closing ??= closeAll()) };
}
