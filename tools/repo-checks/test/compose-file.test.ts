// docker-compose.yml and its ports override validate against the Compose specification's JSON
// schema (dclint bundles it), and keep the promises the README makes about the stack.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readRepoFile, ROOT } from './repo';

interface Service {
  build?: { context: string; target: string };
  image?: string;
  restart?: string;
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const DCLINT = join(__dirname, '..', 'node_modules', '.bin', 'dclint');

function dclint(...files: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(DCLINT, [...files], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, output: stdout + stderr }),
    );
  });
}

const compose = parse(readRepoFile('docker-compose.yml')) as { services: Record<string, Service> };
const ports = parse(readRepoFile('docker-compose.ports.yml')) as { services: Record<string, Service> };
const services = compose.services;

describe('docker-compose.yml', () => {
  it('validates against the Compose schema, with the override, and passes dclint', async () => {
    const run = await dclint('docker-compose.yml', 'docker-compose.ports.yml');
    expect(run).toMatchObject({ code: 0 });
  }, 60_000);

  it('is really checked: an unknown key fails the schema check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-compose-'));
    try {
      const file = join(dir, 'docker-compose.yml');
      writeFileSync(file, readRepoFile('docker-compose.yml').replace('    restart: unless-stopped', '    restart: unless-stopped\n    restrat: always'));
      const run = await dclint(file);
      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(/invalid-schema/);
      expect(run.output).toContain('/services/redis');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('builds the apps from this clone, one Dockerfile target each', () => {
    const dockerfile = readRepoFile('Dockerfile');
    for (const name of ['registry-agent', 'auth', 'gateway', 'stats-worker']) {
      const target = services[name]!.build?.target;
      expect(target).toBeDefined();
      expect(dockerfile).toMatch(new RegExp(`^FROM runtime AS ${target}$`, 'm'));
    }
  });

  it('health-checks every long-running service, restarts it, and starts it only after what it needs is healthy', () => {
    for (const [name, s] of Object.entries(services)) {
      if (name === 'gateway-init') {
        expect(s.restart).toBe('no');
        continue;
      }
      expect({ name, restart: s.restart }).toEqual({ name, restart: 'unless-stopped' });
      expect({ name, healthcheck: s.healthcheck?.test[0] }).toEqual({ name, healthcheck: 'CMD' });
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        const wanted = dep === 'gateway-init' ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, dep, condition }).toEqual({ name, dep, condition: wanted });
      }
    }
    expect(Object.keys(services['auth']!.depends_on ?? {}).sort()).toEqual(['postgres', 'redis', 'registry-agent']);
  });

  it('keeps Redis, PostgreSQL and Consul off the host unless the override publishes them on loopback', () => {
    for (const name of ['redis', 'postgres', 'consul']) {
      expect({ name, ports: services[name]!.ports }).toEqual({ name, ports: undefined });
      expect(ports.services[name]!.ports!.every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
    }
  });

  it('has no fixed admin key, a gateway admin plane on 0.0.0.0 with a generated key, and auth advertising its compose name', () => {
    for (const s of Object.values(services)) {
      for (const [k, v] of Object.entries(s.environment ?? {})) if (/API_KEY$/.test(k)) expect({ k, v }).toEqual({ k, v: '${AUTH_ADMIN_API_KEY:-}' });
    }
    expect(services['gateway']!.environment).toMatchObject({ GATEWAY_ADMIN_HOST: '0.0.0.0', GATEWAY_ADMIN_API_KEY_FILE: '/data/admin-api-key' });
    expect(services['auth']!.environment).toMatchObject({ AUTH_HOST: '0.0.0.0', AUTH_ADVERTISE_ADDRESS: 'auth' });
  });
});
