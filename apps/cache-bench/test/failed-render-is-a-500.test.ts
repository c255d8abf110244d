import { startPageServer } from '../src/server';

describe('page server errors', () => {
  it('turns a failed render into a counted 500 and keeps serving', async () => {
    const server = await startPageServer([
      { route: '/broken', label: 'broken', render: () => Promise.reject(new Error('cache down')) },
      { route: '/ok', label: 'ok', render: () => Promise.resolve('{"ok":true}') },
    ]);
    try {
      const broken = await fetch(`http://127.0.0.1:${server.port}/broken`);
      expect(broken.status).toBe(500);
      expect(await broken.json()).toEqual({ error: 'cache down' });
      expect(server.errors()).toBe(1);
      expect(await (await fetch(`http://127.0.0.1:${server.port}/ok`)).json()).toEqual({ ok: true });
    } finally {
      await server.close();
    }
  });
});
