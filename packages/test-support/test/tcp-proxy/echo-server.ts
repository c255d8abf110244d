import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { TcpProxy } from '../../src/tcp-proxy';

/** A real TCP echo server on loopback; `clients` lets a test write from the server side. */
export interface EchoServer {
  port: number;
  clients: Set<Socket>;
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const clients = new Set<Socket>();
  const server = createServer((socket) => {
    clients.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => clients.delete(socket));
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('end', () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    clients,
    close: async () => {
      for (const socket of clients) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client socket that keeps everything it received as text. */
export interface Client {
  socket: Socket;
  received(): string;
  /** Resolves once the text received so far is `text` (rejects when the socket closes first). */
  until(text: string): Promise<void>;
  closed: Promise<void>;
}

export async function connectClient(port: number): Promise<Client> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    received: () => text,
    closed,
    until: (expected) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (text === expected) done(resolve);
          else if (!expected.startsWith(text)) done(() => reject(new Error(`received ${JSON.stringify(text)}, expected ${JSON.stringify(expected)}`)));
        };
        const onClose = (): void => done(() => reject(new Error(`closed after ${JSON.stringify(text)}, expected ${JSON.stringify(expected)}`)));
        const done = (settle: () => void): void => {
          socket.off('data', check);
          socket.off('close', onClose);
          settle();
        };
        socket.on('data', check);
        socket.once('close', onClose);
        check();
      }),
  };
}

/** Whether a TCP connect to the port is refused. */
export function connectRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/** An echo server and a proxy in front of it, fresh for every test of the calling describe block (read them inside tests). */
export class EchoBehindProxy {
  echo!: EchoServer;
  proxy!: TcpProxy;
}

export function echoBehindProxy(): EchoBehindProxy {
  const ctx = new EchoBehindProxy();
  beforeEach(async () => {
    ctx.echo = await startEchoServer();
    ctx.proxy = await TcpProxy.start({ port: ctx.echo.port });
  });
  afterEach(async () => {
    await ctx.proxy.cut();
    await ctx.echo.close();
  });
  return ctx;
}
