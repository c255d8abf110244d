// Child-process entry of the bench: seeds, serves, reports its port over IPC, cleans up on 'stop'.
import { startPageServer } from './server';
import { setUp } from './setup';

async function main(): Promise<void> {
  const setup = await setUp();
  const server = await startPageServer(setup.variants);
  const stop = async (): Promise<void> => {
    await server.close();
    await setup.close();
    process.exit(0);
  };
  process.on('message', (msg: unknown) => {
    if (msg === 'stop') void stop();
    if (msg === 'errors') process.send?.({ type: 'errors', count: server.errors() });
    // CPU time of this process: the bench divides requests by it for a load-independent figure.
    if (msg === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ type: 'cpu', micros: user + system });
    }
  });
  process.on('disconnect', () => void stop());
  process.send?.({
    type: 'ready',
    port: server.port,
    bytes: setup.constantBody.length,
    variants: setup.variants.map((v) => ({ route: v.route, label: v.label })),
  });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
