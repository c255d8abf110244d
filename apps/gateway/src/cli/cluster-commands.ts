import { Command, Option } from 'commander';
import type { AdminClient } from './admin-client';
import { CliError, ExitCode, RefusedError } from './cli-error';
import { readSpecs } from './spec-input';

/** Runs `fn` with an admin client and prints what it returns; supplied by the program. */
export type WithClient = (cmd: Command, fn: (c: AdminClient) => Promise<unknown>) => Promise<void>;

/** Options every cluster command takes. */
interface ClusterFlags {
  group: string;
  consistent?: boolean;
  timeoutSec?: string;
}

/**
 * How long one change keeps retrying while other admins keep winning the sequence number. A
 * budget of time, not of attempts: with n clients at once one of them may lose n − 1 times, and
 * on a slow write node each round takes longer.
 */
export const CONFLICT_RETRY_MS = 30_000;

/** Longest pause between two attempts (the pauses double from 10 ms, jittered). */
const MAX_BACKOFF_MS = 1000;

const seg = encodeURIComponent;

/**
 * Sends one change the way §2.9's client did: read the group's sequence, send the change as
 * `operation_seq = sequence + 1`, and on a conflict (another admin was faster) read again and
 * retry, for up to CONFLICT_RETRY_MS. A read node's 421 GW_NOT_WRITER sends it on to the group's
 * write node. `sleep` and `now` are the pauses and the clock the budget is measured on.
 */
export async function sendClusterChange(
  client: AdminClient,
  flags: ClusterFlags,
  send: (c: AdminClient, seq: number) => Promise<unknown>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => number = Date.now,
): Promise<unknown> {
  const started = now();
  let c = client;
  let redirected = false;
  for (let attempt = 0; ; attempt++) {
    const { sequence } = (await c.call('GET', `/cluster/admin/v1/${seg(flags.group)}/sequence`)) as { sequence: number };
    try {
      return await send(c, sequence + 1);
    } catch (err) {
      if (!(err instanceof RefusedError)) throw err;
      if (err.code === 'GW_NOT_WRITER' && !redirected) {
        c = await writerOf(c, flags.group);
        redirected = true;
        continue;
      }
      if (err.code !== 'GW_SEQUENCE_CONFLICT' || now() - started >= CONFLICT_RETRY_MS) throw err;
      await sleep(Math.min(MAX_BACKOFF_MS, 10 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }
}

/** A client of the group's write node, from the members list. */
async function writerOf(c: AdminClient, group: string): Promise<AdminClient> {
  const { members } = (await c.call('GET', `/cluster/health/v1/${seg(group)}/members`)) as { members: { mode: string; alive: boolean; endpoint: string }[] };
  const w = members.find((m) => m.alive && m.mode === 'write');
  if (w === undefined || w.endpoint === '') throw new CliError(ExitCode.REFUSED, `group ${group} has no live write node`);
  return c.withServer(w.endpoint);
}

function changeBody(flags: ClusterFlags, seq: number): Record<string, unknown> {
  const body: Record<string, unknown> = { operation_seq: seq };
  if (flags.consistent) body['consistent'] = true;
  if (flags.timeoutSec !== undefined) body['timeout_sec'] = Number(flags.timeoutSec);
  return body;
}

function changeQuery(flags: ClusterFlags, seq: number): string {
  const q = new URLSearchParams({ operation_seq: String(seq) });
  if (flags.consistent) q.set('consistent', 'true');
  if (flags.timeoutSec !== undefined) q.set('timeout_sec', flags.timeoutSec);
  return q.toString();
}

function resource(kind: 'plugin' | 'pipeline', withClient: WithClient, stdin: () => NodeJS.ReadableStream): Command {
  const plural = `${kind}s`;
  const cmd = new Command(kind).description(`${plural} of a group, changed through its write node`);
  const fileOption = new Option('-f, --file <file>', 'spec file, JSON or YAML ("-" = stdin); may hold several specs').makeOptionMandatory();
  for (const [verb, method] of [
    ['add', 'POST'],
    ['update', 'PUT'],
  ] as const) {
    cmd
      .command(verb)
      .description(`${verb === 'add' ? 'create' : 'replace'} ${plural} from specs {type, config}, one operation each`)
      .addOption(fileOption)
      .action(async (opts: { file: string }, sub: Command) => {
        const flags = sub.optsWithGlobals<ClusterFlags>();
        const specs = await readSpecs(opts.file, stdin());
        return withClient(sub, async (client) => {
          const done: unknown[] = [];
          for (const spec of specs) {
            done.push(await sendClusterChange(client, flags, (c, seq) => c.call(method, `/cluster/admin/v1/${seg(flags.group)}/${plural}`, { ...spec, ...changeBody(flags, seq) })));
          }
          return done.length === 1 ? done[0] : done;
        });
      });
  }
  cmd
    .command('rm')
    .description(`delete ${plural} by name, one operation each`)
    .argument('<names...>')
    .action(async (names: string[], _o: unknown, sub: Command) => {
      const flags = sub.optsWithGlobals<ClusterFlags>();
      return withClient(sub, async (client) => {
        const done: unknown[] = [];
        for (const name of names) {
          done.push(await sendClusterChange(client, flags, (c, seq) => c.call('DELETE', `/cluster/admin/v1/${seg(flags.group)}/${plural}/${seg(name)}?${changeQuery(flags, seq)}`)));
        }
        return done.length === 1 ? done[0] : done;
      });
    });
  cmd
    .command('ls')
    .description(`${plural} of the group as the node applied them`)
    .action(async (_o: unknown, sub: Command) => {
      const flags = sub.optsWithGlobals<ClusterFlags>();
      return withClient(sub, (c) => c.call('GET', `/cluster/admin/v1/${seg(flags.group)}/${plural}`));
    });
  return cmd;
}

/** `gatehouse cluster …`: a group's sequence, members, changes (with conflict retries) and repair. */
export function clusterCommand(withClient: WithClient, stdin: () => NodeJS.ReadableStream): Command {
  const cluster = new Command('cluster')
    .description("a cluster group's write node, read nodes and operation log (reference §2.9)")
    .addOption(new Option('--group <group>', 'cluster group').env('GATEHOUSE_GROUP').default('default'))
    .addOption(new Option('--consistent', 'changes wait until every live read node applied them'))
    .addOption(new Option('--timeout-sec <sec>', 'longest wait for the read nodes with --consistent (server default 30)'));
  cluster
    .command('sequence')
    .description("the group's last operation number")
    .action(async (_o: unknown, sub: Command) => withClient(sub, (c) => c.call('GET', `/cluster/admin/v1/${seg(sub.optsWithGlobals<ClusterFlags>().group)}/sequence`)));
  cluster
    .command('members')
    .description('the members: mode, endpoint, alive, how far each applied the log')
    .action(async (_o: unknown, sub: Command) => withClient(sub, (c) => c.call('GET', `/cluster/health/v1/${seg(sub.optsWithGlobals<ClusterFlags>().group)}/members`)));
  cluster
    .command('repair')
    .description("write node: publish its config past an operation the nodes cannot apply (see a member's alarm)")
    .action(async (_o: unknown, sub: Command) => withClient(sub, (c) => c.call('POST', `/cluster/admin/v1/${seg(sub.optsWithGlobals<ClusterFlags>().group)}/repair`, {})));
  cluster.addCommand(resource('plugin', withClient, stdin));
  cluster.addCommand(resource('pipeline', withClient, stdin));
  return cluster;
}
