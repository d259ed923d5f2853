// serve.mjs - the static file server the browser tests (browse.mjs, picture_render.mjs) load
// sites from: ROOT on 127.0.0.1, a free port, "dir/" as dir/index.html, the content type by
// extension, no caching (a page loaded twice is fetched twice), 404 for what is not there.
// A path without an extension that names no file is tried as path.html (the clean URLs that
// Next.js, SvelteKit and VitePress pages link to: /about for about.html).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, extname, relative } from 'node:path';

export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.xml': 'application/xml', '.txt': 'text/plain',
};

export function serve(root) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(root, path);
    if (relative(root, file).startsWith('..')) { res.writeHead(403).end(); return; }
    try {
      let f = file;
      const st = await stat(f).catch((e) => {
        if (extname(f) || path.endsWith('/')) throw e;
        f += '.html';
        return stat(f);
      });
      if (st.isDirectory()) f = join(f, 'index.html');
      const body = await readFile(f);
      res.writeHead(200, { 'content-type': TYPES[extname(f)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
