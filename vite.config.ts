import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Security headers (README "Hosting and security"). The built app needs: its own scripts and
 * workers, WebAssembly compilation for tfjs-backend-wasm ('wasm-unsafe-eval'; no JS eval),
 * fetches of its own files (weights, MNIST, .wasm), data:/blob: images (PNG export, downloads)
 * and inline style attributes (charts). Nothing may frame it, except embed links (below).
 */
const BASE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];
/** dist/ and `vite preview`: the policy above, and no framing. */
export const CSP = [...BASE_CSP, "frame-ancestors 'none'"].join('; ');
/**
 * The dev server also needs React Fast Refresh's inline preamble and the HMR websocket, so
 * 'unsafe-inline' scripts and ws: are allowed there only.
 */
export const DEV_CSP = [
  ...BASE_CSP.map((d) =>
    d.startsWith('script-src')
      ? `${d} 'unsafe-inline'`
      : d.startsWith('connect-src')
        ? `${d} ws://127.0.0.1:* ws://localhost:*`
        : d,
  ),
  "frame-ancestors 'none'",
].join('; ');
/**
 * In a <meta> tag (dist/index.html, for static hosts that cannot set headers) browsers ignore
 * frame-ancestors, so it is left out there; a host should send CSP / X-Frame-Options headers.
 */
export const META_CSP = BASE_CSP.join('; ');

/**
 * Embedding (README "Limits, verification and security"): a page whose link has embed=1 (the
 * focused view: no Import, no Meta-train, no stored-weights actions) may be framed by any http(s)
 * page, so its document gets `frame-ancestors *` and no X-Frame-Options; every other page keeps
 * frame-ancestors 'none' and X-Frame-Options: DENY (clickjacking). The app itself shows the
 * embedded view whenever it finds itself in a frame (src/ui/embed/embedStore.ts).
 */
export const EMBED_FRAME_ANCESTORS = 'frame-ancestors *';

/** True for a request of the app's page with embed=1 in its query. */
export function isEmbedRequest(url: string | undefined): boolean {
  if (!url) return false;
  const u = new URL(url, 'http://host');
  if (u.pathname !== '/' && u.pathname !== '/index.html') return false;
  const v = u.searchParams.get('embed');
  return v === '1' || v === 'true';
}

/** Rewrites the framing headers of embed-link documents as they are set (dev and preview). */
function embedHeaders(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (isEmbedRequest(req.url)) {
    const set = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) => {
      const n = name.toLowerCase();
      if (n === 'x-frame-options') return res;
      if (n === 'content-security-policy')
        return set(name, String(value).replace("frame-ancestors 'none'", EMBED_FRAME_ANCESTORS));
      return set(name, value);
    };
  }
  next();
}

export const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;

/**
 * Longest request head the dev and preview servers accept. Node's default (16 KiB) answers a
 * long link with HTTP 431 before the app can say "link too long"; Chromium's URL limit is 2 MiB.
 */
export const MAX_HEADER_BYTES = 4 * 1024 * 1024;

function hosting(): Plugin {
  const raise = (server: HttpServer | null | undefined) => {
    // Read by Node for each new connection (http.Server's maxHeaderSize option).
    if (server) (server as HttpServer & { maxHeaderSize: number }).maxHeaderSize = MAX_HEADER_BYTES;
  };
  return {
    name: 'playground-hosting',
    configureServer(server) {
      raise(server.httpServer as HttpServer | null);
      server.middlewares.use(embedHeaders);
    },
    configurePreviewServer(server) {
      raise(server.httpServer as HttpServer);
      server.middlewares.use(embedHeaders);
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (ctx.server) return html; // dev: headers only (the meta tag would block Fast Refresh)
        // Right after <meta charset>, before any script or stylesheet it must govern.
        return html.replace(
          /(<meta charset="UTF-8" \/>)/i,
          `$1\n    <meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`,
        );
      },
    },
  };
}

// No COOP/COEP headers on purpose: threaded tfjs-wasm crashes in minified builds (docs/environment.md).
export default defineConfig({
  plugins: [react(), hosting()],
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    port: 5173,
    headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': DEV_CSP },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': CSP },
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
