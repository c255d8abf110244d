import {
  BadJsonError,
  background,
  ClientError,
  DecodeFailedError,
  Invoker,
  ResponseTooLargeError,
  ServerError,
  UnexpectedStatusError,
} from '../src';
import { json, startServer, staticResolver, type TestServer } from './servers';

let s: TestServer;
let invoker: Invoker;
beforeAll(async () => {
  s = await startServer('s', (req, _body, res) => {
    switch (req.url) {
      case '/missing':
        return json(res, 404, { code: 'NOT_FOUND', message: 'no such user' });
      case '/boom':
        return json(res, 500, { code: 'INTERNAL', message: 'db down' });
      case '/text-error':
        res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
        return;
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>');
        return;
      case '/redirect':
        res.writeHead(302, { location: '/elsewhere' }).end();
        return;
      default:
        return json(res, 200, { ok: true });
    }
  });
  invoker = new Invoker({ resolver: staticResolver([s.node]) });
});
afterAll(async () => {
  await invoker.close();
  await s.close();
});

test('4xx → ClientError with the status and the decoded {code,message} body', async () => {
  const err = (await invoker.ddns(background, 'svc', '/missing', {}).catch((e: unknown) => e)) as ClientError;
  expect(err).toBeInstanceOf(ClientError);
  expect(err.code).toBe('INV_CLIENT_ERROR');
  expect(err.status).toBe(404);
  expect(err.body).toEqual({ code: 'NOT_FOUND', message: 'no such user' });
  expect(err.message).toContain('no such user');
  expect(err.service).toBe('svc');
  expect(err.instance).toBe(`127.0.0.1:${s.port}`);
});

test('5xx → ServerError; a non-JSON error body is kept as text', async () => {
  const e500 = (await invoker.ddns(background, 'svc', '/boom', {}).catch((e: unknown) => e)) as ServerError;
  expect(e500).toBeInstanceOf(ServerError);
  expect(e500.code).toBe('INV_SERVER_ERROR');
  expect(e500.status).toBe(500);
  const e502 = (await invoker.ddns(background, 'svc', '/text-error', {}).catch((e: unknown) => e)) as ServerError;
  expect(e502.status).toBe(502);
  expect(e502.body).toBe('bad gateway');
});

test('a 2xx body that is not JSON → BadJsonError with the status', async () => {
  const err = (await invoker.ddns(background, 'svc', '/html', {}).catch((e: unknown) => e)) as BadJsonError;
  expect(err).toBeInstanceOf(BadJsonError);
  expect(err.code).toBe('INV_BAD_JSON');
  expect(err.status).toBe(200);
  expect(err.bodySnippet).toBe('<html>oops</html>');
});

test('3xx is not followed → UnexpectedStatusError', async () => {
  const err = (await invoker.ddns(background, 'svc', '/redirect', {}).catch((e: unknown) => e)) as UnexpectedStatusError;
  expect(err).toBeInstanceOf(UnexpectedStatusError);
  expect(err.status).toBe(302);
});

test('a decode that throws → DecodeFailedError with the cause', async () => {
  const decode = (): never => {
    throw new TypeError('expected a user');
  };
  const err = (await invoker.ddns(background, 'svc', '/ok', {}, { decode }).catch((e: unknown) => e)) as DecodeFailedError;
  expect(err).toBeInstanceOf(DecodeFailedError);
  expect(err.code).toBe('INV_DECODE_FAILED');
  expect((err.cause as Error).message).toBe('expected a user');
});

test('a response over maxResponseBytes is cut off → ResponseTooLargeError', async () => {
  const big = await startServer('big', (_r, _b, res) => json(res, 200, { blob: 'x'.repeat(4096) }));
  const small = new Invoker({ resolver: staticResolver([big.node]), maxResponseBytes: 1024 });
  const err = (await small.ddns(background, 'svc', '/x', {}).catch((e: unknown) => e)) as ResponseTooLargeError;
  expect(err).toBeInstanceOf(ResponseTooLargeError);
  expect(err.code).toBe('INV_RESPONSE_TOO_LARGE');
  expect(err.limitBytes).toBe(1024);
  // The same instance still answers a small limit-abiding request afterwards.
  const roomy = new Invoker({ resolver: staticResolver([big.node]) });
  await expect(roomy.ddns<{ blob: string }>(background, 'svc', '/x', {})).resolves.toMatchObject({ blob: expect.any(String) });
  expect(() => new Invoker({ maxResponseBytes: 0 })).toThrow(/maxResponseBytes/);
  await Promise.all([small.close(), roomy.close()]);
  await big.close();
});
