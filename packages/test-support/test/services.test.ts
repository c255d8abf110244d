import { createServer } from 'node:net';
import { hostAndPort, requiredServices, serviceUrl, tcpReachable } from '../src';

describe('which services a run requires', () => {
  it('REQUIRE_SERVICES=1 means the services CI starts, a list names them, unset or 0 none', () => {
    expect([...requiredServices({ REQUIRE_SERVICES: '1' })].sort()).toEqual(['postgres', 'redis']);
    expect([...requiredServices({ REQUIRE_SERVICES: 'mysql, redis' })].sort()).toEqual(['mysql', 'redis']);
    expect(requiredServices({}).size).toBe(0);
    expect(requiredServices({ REQUIRE_SERVICES: '0' }).size).toBe(0);
  });

  it('refuses a misspelt service name instead of requiring nothing', () => {
    expect(() => requiredServices({ REQUIRE_SERVICES: 'redis,postgresql' })).toThrow(/unknown services postgresql/);
  });
});

describe('where the services are', () => {
  it('takes the URL from the environment, else the development default', () => {
    expect(serviceUrl('redis', { REDIS_URL: 'redis://cache:6380' })).toBe('redis://cache:6380');
    expect(serviceUrl('postgres', {})).toBe('postgres://postgres@127.0.0.1:5432/test');
  });

  it('probes the host and port of the URL, with the default port when it names none', () => {
    expect(hostAndPort('postgres://u:p@db.internal/x', 5432)).toEqual({ host: 'db.internal', port: 5432 });
    expect(hostAndPort('redis://[::1]:7000', 6379)).toEqual({ host: '::1', port: 7000 });
  });

  it('finds a listening port reachable and a closed one not', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    expect(await tcpReachable('127.0.0.1', port)).toBe(true);
    await new Promise<void>((r) => server.close(() => r()));
    expect(await tcpReachable('127.0.0.1', port)).toBe(false);
  });
});
