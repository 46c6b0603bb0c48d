// A static file server for the built site, the way GitHub Pages serves a
// project site: everything under one base path (`/brief/`), `index.html`
// for directories, a redirect to the trailing slash for a directory asked
// for without one, and the site's own `404.html` (with status 404) for
// anything missing. It listens on 127.0.0.1 on a port the system picks and
// records every request, so tests can tell what the browser asked for.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/vnd.microsoft.icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

/** The content type of a file name; unknown extensions are octet streams. */
export function contentType(path) {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(path) {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Starts serving `root` under `basePath` (which starts and ends with `/`).
 * Resolves to `{ origin, baseUrl, requests, close }`.
 */
export async function serveSite(root, basePath) {
  const requests = [];
  const notFoundPage = join(root, '404.html');

  async function notFound(res, method) {
    const body = (await isFile(notFoundPage))
      ? await readFile(notFoundPage)
      : Buffer.from('Not found\n');
    res.writeHead(404, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
    });
    res.end(method === 'HEAD' ? undefined : body);
    return 404;
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return 405;
    }
    if (!url.pathname.startsWith(basePath)) {
      return notFound(res, req.method);
    }
    let relative;
    try {
      relative = decodeURIComponent(url.pathname.slice(basePath.length));
    } catch {
      return notFound(res, req.method);
    }
    const path = normalize(join(root, relative));
    if (path !== root && !path.startsWith(root + sep)) {
      return notFound(res, req.method);
    }
    let file = path;
    if (await isDirectory(path)) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` });
        res.end();
        return 301;
      }
      file = join(path, 'index.html');
    }
    if (!(await isFile(file))) {
      return notFound(res, req.method);
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': contentType(file),
      'content-length': body.length,
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return 200;
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .then((status) => requests.push({ method: req.method, url: req.url, status }))
      .catch((error) => {
        requests.push({ method: req.method, url: req.url, status: 500, error });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: origin + basePath,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
