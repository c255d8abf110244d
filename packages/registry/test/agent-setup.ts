// Starts an agent on a free loopback port over a given registry, with a recording alarm sink.
import { createAgent, type Agent, type AgentOptions } from '../src/agent/agent';
import type { Alarm, AlarmEvent } from '../src/agent/alarm';
import { type ManualClock } from '@gatehouse/foundation';
import type { Registry, RegisterOptions, Service, Watcher } from '../src/types';

/** An Alarm sink that keeps what it receives. */
export class RecordingAlarm implements Alarm {
  readonly events: AlarmEvent[] = [];
  async raise(e: AlarmEvent): Promise<void> {
    this.events.push(e);
  }
}

/**
 * Fault injection around a real registry: while `down` (or for the next `failNext` calls) every
 * call fails like an unreachable registry. Watches pass through.
 */
export class FlakyRegistry implements Registry {
  down = false;
  failNext = 0;
  calls: string[] = [];
  constructor(private readonly inner: Registry) {}

  private async gate<T>(op: string, fn: () => Promise<T>): Promise<T> {
    this.calls.push(op);
    if (this.down || this.failNext > 0) {
      if (this.failNext > 0) this.failNext -= 1;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8500'), { code: 'ECONNREFUSED' });
    }
    return fn();
  }
  register(s: Service, o?: RegisterOptions) { return this.gate('register', () => this.inner.register(s, o)); }
  deregister(s: Service) { return this.gate('deregister', () => this.inner.deregister(s)); }
  getService(n: string) { return this.gate('getService', () => this.inner.getService(n)); }
  listServices() { return this.gate('listServices', () => this.inner.listServices()); }
  watch(o?: { service?: string }): Watcher { return this.inner.watch(o); }
}

export interface AgentFixture {
  agent: Agent;
  alarm: RecordingAlarm;
  clock: ManualClock;
  url: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
}

/** Starts an agent; close it with `fixture.agent.close()`. */
export async function startAgent(registry: Registry, clock: ManualClock, opts: Partial<AgentOptions> = {}): Promise<AgentFixture> {
  const alarm = new RecordingAlarm();
  const agent = await createAgent({ registry, alarm, clock, port: 0, retryBaseMs: 0, advertiseAddress: '10.9.0.1', ...opts });
  const url = `http://127.0.0.1:${agent.port}`;
  return {
    agent,
    alarm,
    clock,
    url,
    async call(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
    },
  };
}
