/**
 * A Node `http` server that misbehaves on purpose, one fault per path, for the client's robustness
 * tests. It counts requests per path and records the headers each request carried.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A small, valid nginx-style index page: two files. */
export const INDEX_PAGE =
  '<html>\r\n<head><title>Index of /ok/</title></head>\r\n<body>\r\n<h1>Index of /ok/</h1><hr><pre><a href="../">../</a>\r\n' +
  '<a href="one.txt">one.txt</a>                                            14-Jun-2025 08:30                   5\r\n' +
  '<a href="two.txt">two.txt</a>                                            14-Jun-2025 08:31                  17\r\n' +
  '</pre><hr></body>\r\n</html>\r\n';

export type FaultHandler = (req: IncomingMessage, res: ServerResponse, count: number) => void;

export interface FaultServer {
  url: string;
  /** Requests per path. */
  counts: Map<string, number>;
  /** Headers of every request, in order, with its path. */
  seen: { path: string; headers: IncomingMessage['headers'] }[];
  /** Bytes written by handlers that stream (the huge page). */
  sent: { bytes: number };
  close(): Promise<void>;
}

export async function startFaultServer(routes: Record<string, FaultHandler>): Promise<FaultServer> {
  const counts = new Map<string, number>();
  const seen: FaultServer['seen'] = [];
  const sent = { bytes: 0 };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    seen.push({ path, headers: req.headers });
    req.resume();
    const handler = routes[path];
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no such fault');
      return;
    }
    handler(req, res, count);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    seen,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with the index page. */
export const okIndex: FaultHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', server: 'nginx' });
  res.end(INDEX_PAGE);
};

/** Streams an endless page, counting bytes into `sent`, until the client goes away. */
export function endlessPage(sent: { bytes: number }, declaredLength?: number): FaultHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', ...(declaredLength ? { 'content-length': declaredLength } : {}) });
    const row = Buffer.from(`<a href="f.txt">f.txt</a>${' '.repeat(40)}14-Jun-2025 08:30                   5\r\n`.repeat(200));
    const pump = () => {
      while (!res.destroyed && sent.bytes < 1024 ** 3) {
        sent.bytes += row.length;
        if (!res.write(row)) return void res.once('drain', pump);
      }
    };
    res.on('close', () => res.destroy());
    pump();
  };
}
