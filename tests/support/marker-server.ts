/**
 * A loopback HTTP server whose every page plants a marker string in a browser profile: titles,
 * paths, query strings, host names (http://<marker>.test:<port>/ mapped to 127.0.0.1 by the
 * browser), cookies, Web Storage, IndexedDB, the Cache API, a service worker, cacheable images,
 * form history, a login form and a download. Test support only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MarkerServer {
  readonly marker: string;
  readonly port: number;
  /** The host name pages are visited under: `<marker>.test`. */
  readonly host: string;
  /** The origin, `http://<marker>.test:<port>`. */
  readonly origin: string;
  /**
   * `http://secure.<marker>.test:<port>`: the origin of the storage page, which the browsers are
   * told to treat as secure (Cache API and service workers need it). A separate host because
   * Firefox hangs on form submission in an allow-listed insecure origin.
   */
  readonly secureOrigin: string;
  /** `http://<marker>.test:<port><path>`; `path` must start with '/'. */
  url(path?: string): string;
  /** `http://secure.<marker>.test:<port><path>`. */
  secureUrl(path?: string): string;
  /** Paths that were requested, for debugging fixtures. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** A marker that is long, lower-case and random, so it survives host-name folding and is unique. */
export function makeMarker(): string {
  const hex = Array.from({ length: 24 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `tabulamarker${hex}`;
}

// A 1x1 PNG; the marker is added to it in a tEXt-like trailer so the cached body contains it too.
const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
  'hex',
);

function html(title: string, body: string): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
    `<link rel="icon" href="data:,"></head><body>${body}</body></html>`
  );
}

export function pagePaths(marker: string): string[] {
  return [
    `/`,
    `/article/${marker}-one?q=${marker}`,
    `/article/${marker}-two?search=${marker}&page=2`,
    `/cookies/${marker}`,
    `/images/${marker}`,
  ];
}

export async function startMarkerServer(marker: string): Promise<MarkerServer> {
  if (!/^[a-z0-9]{8,60}$/.test(marker)) throw new Error('marker must be 8..60 lower-case letters/digits');
  const requests: string[] = [];
  const m = marker;

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const send = (status: number, type: string, content: string | Buffer, headers: Record<string, string | string[]> = {}): void => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      res.end(content);
    };
    const page = (title: string, content: string, headers: Record<string, string | string[]> = {}): void =>
      send(200, 'text/html; charset=utf-8', html(title, content), headers);

    if (path === '/') {
      page(
        `Home of ${m}`,
        `<h1>${m}</h1>` +
          pagePaths(m)
            .map((p) => `<a href="${p}">${p}</a><br>`)
            .join(''),
      );
    } else if (path.startsWith('/article/')) {
      page(`Article ${m} ${path.slice(9)}`, `<p>Reading about ${m}</p><img src="/img/${m}-article.png">`);
    } else if (path.startsWith('/cookies/')) {
      page(`Cookies ${m}`, `<p>cookies set</p><script>document.cookie = "${m}_js=${m}jsvalue; max-age=86400; path=/";</script>`, {
        'Set-Cookie': [
          `${m}_persistent=${m}value; Max-Age=86400; Path=/`,
          `session_${m}=${m}session; Path=/`,
          `plain_${m}=${m}plain; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax`,
        ],
      });
    } else if (path.startsWith('/images/')) {
      page(`Images ${m}`, [1, 2, 3].map((i) => `<img src="/img/${m}-${i}.png?v=${m}">`).join(''));
    } else if (path.startsWith('/img/')) {
      const png = Buffer.concat([PNG_1X1, Buffer.from(`\n${m} image body\n`)]);
      send(200, 'image/png', png, { 'Cache-Control': 'public, max-age=86400', 'Last-Modified': new Date(0).toUTCString(), ETag: `"${m}"` });
    } else if (path === '/cached.css' || path.startsWith('/static/')) {
      send(200, 'text/css', `/* ${m} stylesheet */ body { color: #123; }`, { 'Cache-Control': 'public, max-age=86400' });
    } else if (path === '/storage') {
      page(`Storage ${m}`, `<link rel="stylesheet" href="/static/${m}.css"><p id="status">working</p><script src="/storage.js"></script>`);
    } else if (path === '/storage.js') {
      send(200, 'application/javascript', storageScript(m), { 'Cache-Control': 'public, max-age=86400' });
    } else if (path === '/sw.js') {
      send(
        200,
        'application/javascript',
        `// service worker ${m}
self.addEventListener('install', (e) => { self.skipWaiting(); });
self.addEventListener('activate', (e) => { e.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', () => {});
`,
        { 'Service-Worker-Allowed': '/' },
      );
    } else if (path === '/form') {
      page(
        `Form ${m}`,
        `<form id="f" method="GET" action="/form-done">
<input type="text" id="name" name="fullname" autocomplete="name">
<input type="text" id="city" name="city" autocomplete="address-level2">
<input type="text" id="search" name="searchterm">
<input type="email" id="email" name="email" autocomplete="email">
<button type="submit" id="go">Send</button></form>`,
      );
    } else if (path === '/form-done') {
      page(`Form done ${m}`, `<p>thanks</p>`);
    } else if (path === '/login') {
      page(
        `Login ${m}`,
        `<form id="login" method="POST" action="/login-done">
<input type="text" id="username" name="username" autocomplete="username">
<input type="password" id="password" name="password" autocomplete="current-password">
<button type="submit" id="signin">Sign in</button></form>`,
      );
    } else if (path === '/login-done') {
      page(`Welcome ${m}`, `<p>signed in</p>`, { 'Set-Cookie': `login_${m}=${m}token; Max-Age=86400; Path=/` });
    } else if (path === '/download-page') {
      page(`Download ${m}`, `<a id="dl" href="/download/${m}-file.txt">download</a>`);
    } else if (path.startsWith('/download/')) {
      send(200, 'application/octet-stream', `download body ${m}\n`, {
        'Content-Disposition': `attachment; filename="${m}-download.txt"`,
      });
    } else if (path === '/plain') {
      page('plain page', '<p id="ok">ok</p>');
    } else {
      void body;
      send(404, 'text/plain', 'not found');
    }
  };

  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = `${m}.test`;
  const origin = `http://${host}:${port}`;
  const secureOrigin = `http://secure.${host}:${port}`;
  return {
    marker: m,
    port,
    host,
    origin,
    secureOrigin,
    requests,
    url: (path = '/') => `${origin}${path}`,
    secureUrl: (path = '/') => `${secureOrigin}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The page script: writes the marker everywhere a page can, then sets the title to a verdict. */
function storageScript(m: string): string {
  return `(async () => {
  const done = [];
  const fail = [];
  const step = async (name, fn) => { try { await fn(); done.push(name); } catch (e) { fail.push(name + ':' + e); } };
  await step('localStorage', () => { localStorage.setItem('${m}_key', 'local value ${m}'); });
  await step('sessionStorage', () => { sessionStorage.setItem('${m}_skey', 'session value ${m}'); });
  await step('indexedDB', () => new Promise((resolve, reject) => {
    const open = indexedDB.open('${m}_db', 1);
    open.onupgradeneeded = () => { open.result.createObjectStore('${m}_store'); };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('${m}_store', 'readwrite');
      tx.objectStore('${m}_store').put({ text: 'idb value ${m}' }, '${m}_idbkey');
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }));
  await step('cacheStorage', async () => {
    const cache = await caches.open('${m}_cache');
    await cache.put(new Request('/cache-api/${m}'), new Response('cache api body ${m}', { headers: { 'Content-Type': 'text/plain' } }));
  });
  await step('serviceWorker', async () => {
    await navigator.serviceWorker.register('/sw.js?m=${m}', { scope: '/' });
    await navigator.serviceWorker.ready;
  });
  document.getElementById('status').textContent = JSON.stringify({ done, fail });
  document.title = fail.length ? 'storage-failed ' + fail.join(' ') : 'storage-done';
})();`;
}
