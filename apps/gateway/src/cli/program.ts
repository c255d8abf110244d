import { Command, Option } from 'commander';
import { AdminClient, type ClientOptions } from './admin-client';
import { CliError, ExitCode } from './cli-error';
import { readSpecs } from './spec-input';
import { clusterCommand } from './cluster-commands';
import { statCommand, type TopIo } from './stat-commands';

/** Where command output goes (a test can capture it). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  /** How `stat top` redraws and waits. @default not a TTY, real timers */
  top?: Partial<Omit<TopIo, 'stdout'>>;
}

type Kind = 'plugin' | 'pipeline';

function clientOptions(cmd: Command): ClientOptions {
  const o = cmd.optsWithGlobals<{ server: string; apiKey?: string; timeout: string }>();
  const timeoutSec = Number(o.timeout);
  if (!Number.isFinite(timeoutSec) || timeoutSec <= 0)
    throw new CliError(ExitCode.USAGE, `--timeout must be a positive number of seconds`);
  return { server: o.server, apiKey: o.apiKey, timeoutSec };
}

/** Runs `fn` with a client that is closed afterwards, printing what `fn` returns as JSON. */
async function withClient(
  cmd: Command,
  io: CliIo,
  fn: (c: AdminClient) => Promise<unknown>,
): Promise<void> {
  const client = new AdminClient(clientOptions(cmd));
  try {
    const out = await fn(client);
    if (out !== undefined) io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await client.close();
  }
}

/** Sends each spec of the file in order; stops at the first refusal, having printed the rest. */
async function sendSpecs(
  client: AdminClient,
  io: CliIo,
  method: 'POST' | 'PUT',
  path: string,
  file: string,
): Promise<unknown> {
  const specs = await readSpecs(file, io.stdin);
  const done: unknown[] = [];
  for (const spec of specs) {
    try {
      done.push(await client.call(method, path, spec));
    } catch (err) {
      if (done.length > 0) io.stdout(`${JSON.stringify(done, null, 2)}\n`);
      throw err;
    }
  }
  return done.length === 1 ? done[0] : done;
}

/**
 * The `--types` list, each name checked against the server's `<kind>-types`: an unknown type is
 * a usage error naming the known ones, not an empty list (the server filters, it does not judge).
 */
async function checkedTypes(client: AdminClient, kind: Kind, list: string): Promise<string[]> {
  const wanted = list.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (wanted.length === 0) throw new CliError(ExitCode.USAGE, '--types needs at least one type name');
  const answer = (await client.call('GET', `/admin/v1/${kind}-types`)) as Record<string, unknown>;
  const entries = answer[`${kind}_types`];
  const known = Array.isArray(entries) ? entries.map((e) => String((e as { type?: unknown }).type)) : [];
  const unknown = wanted.filter((t) => !known.includes(t));
  if (unknown.length > 0) {
    throw new CliError(ExitCode.USAGE, `--types: unknown ${kind} type ${unknown.join(', ')} (known: ${known.join(', ')}; names are case-sensitive)`);
  }
  return wanted;
}

function resourceCommand(kind: Kind, io: CliIo): Command {
  const plural = `${kind}s`;
  const cmd = new Command(kind).description(`manage ${plural}`);
  const fileOption = new Option(
    '-f, --file <file>',
    'spec file, JSON or YAML ("-" = stdin); may hold several specs',
  ).makeOptionMandatory();

  cmd
    .command('add')
    .description(`create ${plural} from specs {type, config}`)
    .addOption(fileOption)
    .action(async (opts: { file: string }, sub: Command) =>
      withClient(sub, io, (c) => sendSpecs(c, io, 'POST', `/admin/v1/${plural}`, opts.file)),
    );

  cmd
    .command('update')
    .description(`replace the config of existing ${plural} (the name is in the spec)`)
    .addOption(fileOption)
    .action(async (opts: { file: string }, sub: Command) =>
      withClient(sub, io, (c) => sendSpecs(c, io, 'PUT', `/admin/v1/${plural}`, opts.file)),
    );

  cmd
    .command('rm')
    .description(`delete ${plural} by name`)
    .argument('<names...>', `${kind} names`)
    .action(async (names: string[], _opts: unknown, sub: Command) =>
      withClient(sub, io, async (c) => {
        for (const name of names) {
          await c.call('DELETE', `/admin/v1/${plural}/${encodeURIComponent(name)}`);
          io.stdout(`${JSON.stringify({ deleted: name })}\n`);
        }
        return undefined;
      }),
    );

  cmd
    .command('ls')
    .description(`list ${plural}`)
    .option('--name-pattern <regex>', 'only names matching this regular expression')
    .option('--types <types>', 'only these types (comma-separated)')
    .action(async (opts: { namePattern?: string; types?: string }, sub: Command) =>
      withClient(sub, io, async (c) => {
        const q = new URLSearchParams();
        if (opts.namePattern !== undefined) q.set('name_pattern', opts.namePattern);
        if (opts.types !== undefined) q.set('types', (await checkedTypes(c, kind, opts.types)).join(','));
        const qs = q.toString();
        return c.call('GET', `/admin/v1/${plural}${qs ? `?${qs}` : ''}`);
      }),
    );

  cmd
    .command('types')
    .description(`${kind} types with their config JSON Schemas`)
    .action(async (_opts: unknown, sub: Command) =>
      withClient(sub, io, (c) => c.call('GET', `/admin/v1/${kind}-types`)),
    );
  return cmd;
}

/** The `gatehouse` command line. */
export function buildProgram(io: CliIo, version: string): Command {
  const program = new Command('gatehouse')
    .description('Command-line client of the Gatehouse gateway admin API')
    .version(version)
    .addOption(
      new Option('--server <url>', 'admin API base URL')
        .env('GATEHOUSE_SERVER')
        .default('http://127.0.0.1:9090'),
    )
    .addOption(
      new Option('--api-key <key>', 'admin API key (sent as a Bearer token)').env(
        'GATEHOUSE_API_KEY',
      ),
    )
    .addOption(new Option('--timeout <sec>', 'seconds to wait for the server').default('10'))
    .showSuggestionAfterError()
    .exitOverride();
  const output = { writeOut: io.stdout, writeErr: io.stderr };

  const admin = program.command('admin').description('plugins and pipelines');
  admin.addCommand(resourceCommand('plugin', io));
  admin.addCommand(resourceCommand('pipeline', io));

  program.addCommand(
    statCommand((cmd, fn) => withClient(cmd, io, fn), {
      stdout: io.stdout,
      isTty: io.top?.isTty ?? false,
      sleep: io.top?.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    }),
  );

  program.addCommand(clusterCommand((cmd, fn) => withClient(cmd, io, fn), () => io.stdin));

  const health = program.command('health').description('gateway health');
  health
    .command('check')
    .description('liveness ({status: "ok"})')
    .action(async (_opts: unknown, sub: Command) =>
      withClient(sub, io, (c) => c.call('GET', '/health/v1/check')),
    );
  health
    .command('info')
    .description('build facts')
    .action(async (_opts: unknown, sub: Command) =>
      withClient(sub, io, (c) => c.call('GET', '/health/v1/info')),
    );

  // Every (sub)command exits through CliError, never process.exit, so `run` decides the code.
  const override = (cmd: Command): void => {
    cmd.exitOverride().configureOutput(output);
    cmd.commands.forEach(override);
  };
  override(program);
  return program;
}
