// The agent's registrations on disk, so a restarted agent re-registers the apps it kept alive
// instead of letting them expire from the registry. The file holds the register bodies (the same
// protocol the apps sent, so loading re-validates them through the one parser); every write goes
// to a temporary file that is synced and renamed over the old one, so a crash mid-write leaves
// the previous state, never half a file. Writes are serialised; the latest snapshot wins.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeError } from '@gatehouse/foundation';
import { AgentStateError } from '../errors';
import type { Service } from '../types';
import { parseRegister, type RegisterRequest } from './protocol';

/** What the file stores per registration. */
export interface PersistedRegistration {
  service: Service;
  ttlMs: number;
  healthUrl: string | undefined;
}

/** A loaded state: the valid registrations, and why the others were skipped. */
export interface LoadedState {
  registrations: RegisterRequest[];
  problems: string[];
}

const FORMAT = 1;

/** The register body that re-creates `r` (one node per registration, as the agent makes them). */
function toBody(r: PersistedRegistration): Record<string, unknown> {
  const node = r.service.nodes[0]!;
  return {
    name: r.service.name,
    version: r.service.version,
    address: node.address,
    port: node.port,
    metadata: r.service.metadata,
    node_metadata: node.metadata,
    endpoints: r.service.endpoints,
    ttl_ms: r.ttlMs,
    ...(r.healthUrl === undefined ? {} : { health_url: r.healthUrl }),
  };
}

/** Reads and writes one state file. */
export class StateFile {
  private writing: Promise<void> = Promise.resolve();
  private latest: PersistedRegistration[] | undefined;

  constructor(readonly path: string) {}

  /** Reads the file: none yet is an empty state; an unreadable or corrupt file is an AgentStateError. */
  async load(): Promise<LoadedState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { registrations: [], problems: [] };
      throw new AgentStateError(`cannot read the agent state file ${this.path}: ${describeError(err)}`, err);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new AgentStateError(`the agent state file ${this.path} is not JSON`, err);
    }
    const list = (doc as { format?: unknown; registrations?: unknown } | null)?.registrations;
    if ((doc as { format?: unknown } | null)?.format !== FORMAT || !Array.isArray(list)) {
      throw new AgentStateError(`the agent state file ${this.path} is not format ${FORMAT}`);
    }
    const out: LoadedState = { registrations: [], problems: [] };
    list.forEach((body: unknown, i) => {
      try {
        out.registrations.push(parseRegister(body, '127.0.0.1', 30_000));
      } catch (err) {
        out.problems.push(`entry ${i}: ${describeError(err)}`);
      }
    });
    return out;
  }

  /** Writes `registrations`; resolves once this snapshot (or a later one) is on disk. */
  save(registrations: PersistedRegistration[]): Promise<void> {
    this.latest = registrations;
    const next = this.writing.then(() => this.flush());
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async flush(): Promise<void> {
    const snapshot = this.latest;
    if (snapshot === undefined) return; // an earlier flush already wrote the latest snapshot
    this.latest = undefined;
    const text = `${JSON.stringify({ format: FORMAT, registrations: snapshot.map(toBody) }, null, 2)}\n`;
    const tmp = `${this.path}.tmp-${process.pid}`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.path);
    } catch (err) {
      throw new AgentStateError(`cannot write the agent state file ${this.path}: ${describeError(err)}`, err);
    }
  }

  /** Moves a corrupt file aside (`<path>.corrupt-<epoch ms>`) so a fresh state can be written. */
  async quarantine(nowMs: number): Promise<string> {
    const aside = `${this.path}.corrupt-${nowMs}`;
    await rename(this.path, aside);
    return aside;
  }
}
