import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCookies } from '../auth/cookies.ts';
import { handleConsoleRequest } from '../router.ts';
import type { ConsoleDeps, ConsoleRequest } from '../types.ts';
import { decodePath, firstValues } from './params.ts';

/** Larger form bodies are refused: the feedback form's three texts stay far below it. */
export const MAX_FORM_BYTES = 64 * 1024;

export interface RunningConsole {
  url: string;
  port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function toConsoleRequest(req: IncomingMessage): Promise<ConsoleRequest> {
  const url = new URL(req.url ?? '/', 'http://console.invalid');
  const method = req.method ?? 'GET';
  const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const form =
    method === 'POST' && isForm ? firstValues(new URLSearchParams(await readBody(req))) : undefined;
  return {
    method,
    path: decodePath(url.pathname),
    query: firstValues(url.searchParams),
    ...(form ? { form } : {}),
    ...(req.headers.cookie ? { cookies: parseCookies(req.headers.cookie) } : {}),
  };
}

/** The console on node:http, bound to `host` (127.0.0.1: never reachable from other machines). */
export async function startConsoleServer(
  deps: ConsoleDeps,
  options: { port: number; host?: string },
): Promise<RunningConsole> {
  const host = options.host ?? '127.0.0.1';
  let allowedHosts = new Set<string>();
  const server: Server = createServer((req, res) => {
    // Against DNS rebinding: a page of another site resolved to 127.0.0.1 names its own host.
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Misdirected request: open the console through the address it printed.\n');
      return;
    }
    toConsoleRequest(req)
      .then((request) => handleConsoleRequest(request, deps))
      .then((response) => {
        res.writeHead(response.status, response.headers);
        res.end(req.method === 'HEAD' ? undefined : response.body);
      })
      .catch((error: unknown) => {
        const status = error instanceof BodyTooLarge ? 413 : 400;
        if (!(error instanceof BodyTooLarge)) deps.onError?.(error);
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end(status === 413 ? 'Request body too large.\n' : 'Bad request.\n');
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostName = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${hostName}:${port}`, `localhost:${port}`]);
  return {
    url: `http://${hostName}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
