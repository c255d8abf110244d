// Agent configuration: defaults, environment, flags overriding the environment, typed errors.
import { parseAgentConfig } from '../src/agent/config';

describe('agent config', () => {
  it('defaults to loopback:7070 with the memory registry', () => {
    expect(parseAgentConfig([], {})).toEqual({
      host: '127.0.0.1', port: 7070, driver: 'memory', consul: { host: '127.0.0.1', port: 8500 },
      advertiseAddress: '127.0.0.1', alarmWebhook: undefined, logLevel: 'info', stateFile: './data/registry-agent.json',
    });
  });

  it('keeps registrations in the state file given, or in memory only with `none`', () => {
    expect(parseAgentConfig(['--state-file', '/var/lib/gh/agent.json'], {}).stateFile).toBe('/var/lib/gh/agent.json');
    expect(parseAgentConfig([], { GATEHOUSE_AGENT_STATE_FILE: 'none' }).stateFile).toBeUndefined();
  });

  it('reads the environment, and flags win over it', () => {
    const env = { GATEHOUSE_AGENT_PORT: '7171', GATEHOUSE_REGISTRY: 'consul', CONSUL_HTTP_ADDR: 'http://10.0.0.2:8500' };
    expect(parseAgentConfig([], env)).toMatchObject({ port: 7171, driver: 'consul', consul: { host: '10.0.0.2', port: 8500 } });
    expect(parseAgentConfig(['--port', '7272', '--consul-addr=consul.local:8501', '--alarm-webhook', 'https://hooks.example/x'], env))
      .toMatchObject({ port: 7272, consul: { host: 'consul.local', port: 8501 }, alarmWebhook: 'https://hooks.example/x' });
  });

  it.each([
    [['--port', '0'], 'port'],
    [['--registry', 'etcd'], 'registry'],
    [['--consul-addr', 'nohostport'], 'consul-addr'],
    [['--bogus', '1'], '--bogus'],
    [['--port'], '--port'],
    [['stray'], 'stray'],
    [['--alarm-webhook', 'ftp://x'], 'alarm-webhook'],
  ])('rejects %j with REG_AGENT_CONFIG on %s', (argv, field) => {
    expect(() => parseAgentConfig(argv, {})).toThrow(expect.objectContaining({ code: 'REG_AGENT_CONFIG', field }));
  });
});
