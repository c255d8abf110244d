// Agent configuration from flags and environment (flags win), validated once at start.
import { AgentConfigError } from '../errors';
import { isValidAddress, isValidPort } from '../service';

/** The agent's settings. */
export interface AgentConfig {
  /** Listen host; loopback so only local apps reach it. @default '127.0.0.1' */
  host: string;
  /** Listen port. @default 7070 */
  port: number;
  /** Registry driver. @default 'memory' */
  driver: 'memory' | 'consul';
  /** Consul agent HTTP address (driver consul). @default { host: '127.0.0.1', port: 8500 } */
  consul: { host: string; port: number };
  /** Address registered for apps that send none. @default '127.0.0.1' */
  advertiseAddress: string;
  /** Webhook URL for alarms; alarms are always logged too. */
  alarmWebhook: string | undefined;
  /** pino level. @default 'info' */
  logLevel: string;
  /** File the registrations survive restarts in; undefined (flag value `none`) keeps them in memory. @default './data/registry-agent.json' */
  stateFile: string | undefined;
}

/** Flag names and the environment variables they fall back to. */
export const CONFIG_SOURCES = {
  host: ['--host', 'GATEHOUSE_AGENT_HOST'],
  port: ['--port', 'GATEHOUSE_AGENT_PORT'],
  driver: ['--registry', 'GATEHOUSE_REGISTRY'],
  consul: ['--consul-addr', 'CONSUL_HTTP_ADDR'],
  advertiseAddress: ['--advertise', 'GATEHOUSE_AGENT_ADVERTISE'],
  alarmWebhook: ['--alarm-webhook', 'GATEHOUSE_ALARM_WEBHOOK'],
  logLevel: ['--log-level', 'GATEHOUSE_LOG_LEVEL'],
  stateFile: ['--state-file', 'GATEHOUSE_AGENT_STATE_FILE'],
} as const;

function flags(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new AgentConfigError(`unexpected argument ${a}`, a);
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(0, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new AgentConfigError(`flag ${a} needs a value`, a);
      out.set(a, v);
      i++;
    }
  }
  const known = new Set<string>(Object.values(CONFIG_SOURCES).map(([f]) => f));
  for (const k of out.keys()) if (!known.has(k)) throw new AgentConfigError(`unknown flag ${k}`, k);
  return out;
}

/** Parses `host:port` (a scheme prefix such as http:// is accepted and dropped). */
function hostPort(text: string, field: string): { host: string; port: number } {
  const m = text.replace(/^https?:\/\//, '').match(/^([^:]+):(\d+)$/);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !isValidAddress(m[1]!) || !isValidPort(port)) throw new AgentConfigError(`${field} must be host:port`, field);
  return { host: m[1]!, port };
}

/** Builds the config from argv (without node and script) and the environment. */
export function parseAgentConfig(argv: string[], env: NodeJS.ProcessEnv): AgentConfig {
  const f = flags(argv);
  const get = (k: keyof typeof CONFIG_SOURCES): string | undefined => f.get(CONFIG_SOURCES[k][0]) ?? env[CONFIG_SOURCES[k][1]];
  const host = get('host') ?? '127.0.0.1';
  if (!isValidAddress(host)) throw new AgentConfigError('host must be an IP address or host name', 'host');
  const port = Number(get('port') ?? 7070);
  if (!isValidPort(port)) throw new AgentConfigError('port must be an integer in 1-65535', 'port');
  const driver = get('driver') ?? 'memory';
  if (driver !== 'memory' && driver !== 'consul') throw new AgentConfigError('registry must be "memory" or "consul"', 'registry');
  const advertiseAddress = get('advertiseAddress') ?? '127.0.0.1';
  if (!isValidAddress(advertiseAddress)) throw new AgentConfigError('advertise must be an IP address or host name', 'advertise');
  const stateFile = get('stateFile') ?? './data/registry-agent.json';
  if (stateFile === '' || stateFile.includes('\0')) throw new AgentConfigError('state-file must be a path or "none"', 'state-file');
  const alarmWebhook = get('alarmWebhook');
  if (alarmWebhook !== undefined && !/^https?:\/\/./.test(alarmWebhook)) throw new AgentConfigError('alarm-webhook must be an http(s) URL', 'alarm-webhook');
  return {
    host,
    port,
    driver,
    consul: hostPort(get('consul') ?? '127.0.0.1:8500', 'consul-addr'),
    advertiseAddress,
    alarmWebhook,
    logLevel: get('logLevel') ?? 'info',
    stateFile: stateFile === 'none' ? undefined : stateFile,
  };
}
