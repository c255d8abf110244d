import type { Registry } from 'prom-client';

/** Injection token of the worker's Prometheus registry. */
export const METRICS = Symbol('METRICS');

/** Injection token of the health probe (`() => Promise<HealthState>`). */
export const HEALTH = Symbol('HEALTH');

/** What `GET /health` reports. */
export interface HealthState {
  /** Redis answers PING. */
  redis: boolean;
  /** The BullMQ worker is taking jobs. */
  worker: boolean;
}

export type MetricsRegistry = Registry;

/** The part of express's response the controllers use (the worker takes no dependency on express's types). */
export interface HttpResponse {
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  json(body: unknown): unknown;
  send(body: string): unknown;
}
