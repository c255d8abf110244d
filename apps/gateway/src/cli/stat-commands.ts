import { Command, Option } from 'commander';
import type { AdminClient } from './admin-client';
import { CliError, ExitCode } from './cli-error';
import { renderTop, TOP_SORTS, type OverviewRow, type TopSort } from './stat-top';

type Level = 'pipeline' | 'plugin' | 'task';

/** Runs `fn` with an admin client and prints what it returns; supplied by the program. */
export type WithClient = (cmd: Command, fn: (c: AdminClient) => Promise<unknown>) => Promise<void>;

const seg = encodeURIComponent;

function base(level: Level, pipeline: string, plugin?: string): string {
  const p = `/statistics/v1/pipelines/${seg(pipeline)}`;
  if (level === 'plugin') return `${p}/plugins/${seg(plugin!)}/indicators`;
  if (level === 'task') return `${p}/task/indicators`;
  return `${p}/indicators`;
}

/** `stat pipeline|plugin|task ls|value|desc`, as Ease Gateway's client had. */
function levelCommand(level: Level, withClient: WithClient): Command {
  const target = level === 'plugin' ? '<pipeline> <plugin>' : '<pipeline>';
  const n = level === 'plugin' ? 2 : 1;
  /** The indicators path of the target named by the first arguments, and the arguments after them. */
  const parse = (all: string[], min: number, max: number): { path: string; names: string[] } => {
    const names = all.slice(n);
    if (all.length < n || names.length < min || names.length > max) {
      const want = max === 0 ? target : `${target} ${max === 1 ? '<indicator>' : '<indicator...>'}`;
      throw new CliError(ExitCode.USAGE, `usage: gatehouse stat ${level} … ${want}`);
    }
    return { path: base(level, all[0]!, all[1]), names };
  };
  const cmd = new Command(level).description(`indicators of a ${level === 'task' ? "pipeline's tasks" : level}`);
  cmd
    .command('ls')
    .description(`indicator names: ls ${target}`)
    .argument('<args...>')
    .action(async (all: string[], _o: unknown, sub: Command) => {
      const { path } = parse(all, 0, 0);
      return withClient(sub, (c) => c.call('GET', path));
    });
  cmd
    .command('value')
    .description(`indicator values: value ${target} <indicator...>`)
    .argument('<args...>')
    .action(async (all: string[], _o: unknown, sub: Command) => {
      const { path, names } = parse(all, 1, 256);
      return withClient(sub, (c) =>
        names.length === 1 ? c.call('GET', `${path}/${seg(names[0]!)}/value`) : c.call('GET', `${path}/value?names=${names.map(seg).join(',')}`),
      );
    });
  cmd
    .command('desc')
    .description(`what an indicator means: desc ${target} <indicator>`)
    .argument('<args...>')
    .action(async (all: string[], _o: unknown, sub: Command) => {
      const { path, names } = parse(all, 1, 1);
      return withClient(sub, (c) => c.call('GET', `${path}/${seg(names[0]!)}/desc`));
    });
  return cmd;
}

/** Options of `stat top`. */
interface TopOptions {
  interval: string;
  iterations?: string;
  sort: TopSort;
}

/** How `stat top` writes and waits; the program passes the process's own. */
export interface TopIo {
  stdout(text: string): void;
  /** True when stdout is a terminal: each refresh then redraws the screen. */
  isTty: boolean;
  sleep(ms: number): Promise<void>;
}

/** `gatehouse stat …`: indicator routes and a refreshing table of every pipeline. */
export function statCommand(withClient: WithClient, io: TopIo): Command {
  const stat = new Command('stat').description('statistics: indicators of pipelines, plugins and tasks; top');
  stat.addCommand(levelCommand('pipeline', withClient));
  stat.addCommand(levelCommand('plugin', withClient));
  stat.addCommand(levelCommand('task', withClient));
  stat
    .command('top')
    .description('a table of every pipeline — rates, error %, p50/p99, in flight — refreshed every few seconds')
    .addOption(new Option('--interval <sec>', 'seconds between refreshes').default('5'))
    .addOption(new Option('--iterations <n>', 'stop after n tables (default: until Ctrl-C)'))
    .addOption(new Option('--sort <column>', 'order of the rows').choices(TOP_SORTS).default('rate'))
    .action(async (opts: TopOptions, sub: Command) => {
      const interval = Number(opts.interval);
      if (!Number.isFinite(interval) || interval < 0.1 || interval > 3600) {
        throw new CliError(ExitCode.USAGE, '--interval must be between 0.1 and 3600 seconds');
      }
      const limit = opts.iterations === undefined ? Infinity : Number(opts.iterations);
      if (!(limit >= 1) || (limit !== Infinity && !Number.isInteger(limit))) {
        throw new CliError(ExitCode.USAGE, '--iterations must be a whole number ≥ 1');
      }
      await withClient(sub, async (c) => {
        for (let i = 0; i < limit; i++) {
          if (i > 0) await io.sleep(interval * 1000);
          const { pipelines } = (await c.call('GET', '/statistics/v1/pipelines')) as { pipelines: OverviewRow[] };
          io.stdout(`${io.isTty ? '\x1b[H\x1b[2J' : i > 0 ? '\n' : ''}${renderTop(pipelines, opts.sort, new Date())}`);
        }
        return undefined;
      });
    });
  return stat;
}
