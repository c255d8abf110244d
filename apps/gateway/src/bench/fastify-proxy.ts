import fastifyHttpProxy from '@fastify/http-proxy';
import Fastify from 'fastify';

/** Bench peer: @fastify/http-proxy, what a team would pick instead of a gateway. Returns its port. */
export async function startFastifyProxy(backend: string): Promise<number> {
  const app = Fastify({ logger: false, keepAliveTimeout: 60_000 });
  await app.register(fastifyHttpProxy, { upstream: backend, prefix: '/' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}
