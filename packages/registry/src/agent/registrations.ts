// The apps registered through this agent, each kept alive by a heartbeat that runs only while
// the app's own health URL answers 2xx (slide 21: "Register & Check"). When the app fails its
// health check the agent stops passing the TTL, so the registry marks it critical and skips it.
import { request } from 'undici';
import type { Clock } from '@gatehouse/foundation';
import { keepRegistered, type Heartbeat } from '../heartbeat';
import type { Registry, Service } from '../types';

/** One app instance this agent registered. */
export interface Registration {
  id: string;
  service: Service;
  ttlMs: number;
  healthUrl: string | undefined;
  /** Result of the last health probe (true when there is no health URL). */
  healthy: boolean;
  /** Heartbeats failed in a row (registry errors). */
  failures: number;
  heartbeat: Heartbeat;
}

/** Settings shared by every registration. */
export interface RegistrationsOptions {
  registry: Registry;
  clock: Clock;
  /** Timeout of one health URL probe. @default 2000 */
  healthTimeoutMs?: number;
  /** A heartbeat failed (registry down); `failures` counts the failures in a row. */
  onHeartbeatError(err: unknown, reg: Registration): void;
  /** A heartbeat reached the registry. */
  onHeartbeatOk(reg: Registration): void;
}

/** Probes an app's health URL: healthy on 2xx within the timeout. */
export async function probeHealth(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await request(url, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 300;
  } catch {
    return false;
  }
}

/** The table of registrations with their heartbeats. */
export class Registrations {
  private readonly byId = new Map<string, Registration>();

  constructor(private readonly o: RegistrationsOptions) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Registration | undefined {
    return this.byId.get(id);
  }

  /** Starts (or replaces) the heartbeat of a registration that was just written to the registry. */
  track(service: Service, ttlMs: number, healthUrl: string | undefined): Registration {
    const id = service.nodes[0]!.id;
    this.untrack(id);
    const reg: Registration = {
      id,
      service,
      ttlMs,
      healthUrl,
      healthy: true,
      failures: 0,
      heartbeat: keepRegistered(this.o.registry, service, {
        ttlMs,
        clock: this.o.clock,
        healthy: async () => {
          if (healthUrl === undefined) return true;
          reg.healthy = await probeHealth(healthUrl, this.o.healthTimeoutMs ?? 2000);
          return reg.healthy;
        },
        onError: (err) => {
          reg.failures += 1;
          this.o.onHeartbeatError(err, reg);
        },
        onBeat: (outcome) => {
          if (outcome !== 'registered') return;
          reg.failures = 0;
          this.o.onHeartbeatOk(reg);
        },
      }),
    };
    this.byId.set(id, reg);
    return reg;
  }

  /** Stops the heartbeat and forgets the registration. */
  untrack(id: string): Registration | undefined {
    const reg = this.byId.get(id);
    if (!reg) return undefined;
    reg.heartbeat.stop();
    this.byId.delete(id);
    return reg;
  }

  /** What the state file keeps of every registration. */
  snapshot(): Array<{ service: Service; ttlMs: number; healthUrl: string | undefined }> {
    return [...this.byId.values()].map((r) => ({ service: r.service, ttlMs: r.ttlMs, healthUrl: r.healthUrl }));
  }

  /** Stops every heartbeat (agent shutdown); instances then expire through their TTL. */
  stopAll(): void {
    for (const id of [...this.byId.keys()]) this.untrack(id);
  }
}
