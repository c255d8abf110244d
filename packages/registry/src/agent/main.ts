#!/usr/bin/env node
// gatehouse-registry-agent: the per-host registry agent. See the package README for the protocol.
import { hostname } from 'node:os';
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

async function main(): Promise<void> {
  const cfg = parseAgentConfig(process.argv.slice(2), process.env);
  const logger = pino({ level: cfg.logLevel, name: 'gatehouse-registry-agent' });
  const sinks: Alarm[] = [new LogAlarmSink(logger)];
  if (cfg.alarmWebhook) sinks.push(new WebhookAlarmSink(cfg.alarmWebhook, { source: hostname() }));
  const alarm = new CompositeAlarm(sinks, (err) => logger.warn({ err: describe(err) }, 'alarm sink failed'));
  const registry = makeRegistry(cfg);
  const agent = await createAgent({ registry, alarm, host: cfg.host, port: cfg.port, advertiseAddress: cfg.advertiseAddress, stateFile: cfg.stateFile });
  logger.info({ host: cfg.host, port: agent.port, registry: cfg.driver, stateFile: cfg.stateFile ?? null }, 'agent listening');
  void agent.restored.then((n) => {
    if (n > 0) logger.info({ restored: n }, 're-registered the registrations saved before the restart');
  });
  const stop = (): void => {
    logger.info('shutting down');
    void agent.close().then(() => registry.close?.()).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown }).code;
  console.error(JSON.stringify({ level: 'fatal', code, msg: describe(err) }));
  process.exit(1);
});
