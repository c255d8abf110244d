#!/usr/bin/env node
// gatehouse-registry-agent: the per-host registry agent. See the package README for the protocol.
// `--help` and `--version` only print; they never start the agent.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { consulRegistry } from '../consul/consul-registry';
import { MemoryRegistry } from '../memory/memory-registry';
import { describe } from '../errors';
import type { Registry } from '../types';
import { CompositeAlarm, LogAlarmSink, WebhookAlarmSink, type Alarm } from './alarm';
import { createAgent } from './agent';
import { parseAgentConfig, type AgentConfig } from './config';

function makeRegistry(cfg: AgentConfig): Registry {
  if (cfg.driver === 'memory') return new MemoryRegistry();
  // The driver requires the optional `consul` peer only now (REG_DRIVER_MISSING when absent).
  return consulRegistry({ host: cfg.consul.host, port: cfg.consul.port, token: process.env.CONSUL_HTTP_TOKEN });
}

const USAGE = `Usage: gatehouse-registry-agent [flags]

The per-host registry agent: apps register and discover over loopback HTTP (/v1/register,
/v1/deregister, /v1/discover/<name>, /v1/health). Each flag falls back to an environment variable.

  --host <addr>           listen address (GATEHOUSE_AGENT_HOST, default 127.0.0.1)
  --port <n>              listen port (GATEHOUSE_AGENT_PORT, default 7070)
  --registry <driver>     memory or consul (GATEHOUSE_REGISTRY, default memory)
  --consul-addr <h:p>     Consul agent HTTP address (CONSUL_HTTP_ADDR, default 127.0.0.1:8500);
                          CONSUL_HTTP_TOKEN is sent when set
  --advertise <addr>      address registered for apps that send none (GATEHOUSE_AGENT_ADVERTISE,
                          default 127.0.0.1)
  --alarm-webhook <url>   POST alarms there too (GATEHOUSE_ALARM_WEBHOOK; always logged)
  --log-level <level>     pino level (GATEHOUSE_LOG_LEVEL, default info)
  --state-file <path>     registrations kept across restarts (GATEHOUSE_AGENT_STATE_FILE,
                          default ./data/registry-agent.json; none keeps them in memory only)
  -h, --help              print this and exit
  -V, --version           print the version and exit

Exit codes: 0 stopped by SIGTERM/SIGINT, 1 bad configuration or could not start.
`;

/** Prints usage or version for --help/-h or --version/-V anywhere in argv; true when it did. */
function printedInfo(argv: readonly string[]): boolean {
  if (argv.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE);
    return true;
  }
  if (argv.some((a) => a === '--version' || a === '-V')) {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    process.stdout.write(`gatehouse-registry-agent ${pkg.version ?? '0.0.0'}\n`);
    return true;
  }
  return false;
}

async function main(): Promise<void> {
  if (printedInfo(process.argv.slice(2))) return;
  const cfg = parseAgentConfig(process.argv.slice(2), process.env);
  const logger = pino({ level: cfg.logLevel, name: 'gatehouse-registry-agent' });
  const sinks: Alarm[] = [new LogAlarmSink(logger)];
  if (cfg.alarmWebhook) sinks.push(new WebhookAlarmSink(cfg.alarmWebhook, { source: hostname() }));
  const alarm = new CompositeAlarm(sinks, (err) => logger.warn({ err: describe(err) }, 'alarm sink failed'));
  const registry = makeRegistry(cfg);
  const starting = createAgent({ registry, alarm, host: cfg.host, port: cfg.port, advertiseAddress: cfg.advertiseAddress, stateFile: cfg.stateFile });
  // Handlers first: the agent answers HTTP before createAgent resolves, so a SIGTERM may come
  // while it is still starting; it then stops as soon as it has started.
  const stop = (): void => {
    logger.info('shutting down');
    void starting
      .then((agent) => agent.close())
      .then(() => registry.close?.())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const agent = await starting;
  logger.info({ host: cfg.host, port: agent.port, registry: cfg.driver, stateFile: cfg.stateFile ?? null }, 'agent listening');
  void agent.restored.then((n) => {
    if (n > 0) logger.info({ restored: n }, 're-registered the registrations saved before the restart');
  });
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown }).code;
  console.error(JSON.stringify({ level: 'fatal', code, msg: describe(err) }));
  process.exit(1);
});
