// The admin UI build: web/ → dist/web, served by the gateway at /admin (src/admin/web/static.ts).
// Preact through esbuild's automatic JSX runtime (no Babel preset needed). `node:path` is shimmed:
// the Connect page bundles the `setup` command's own recipe writers (src/cli/setup/).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/admin/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: { alias: { 'node:path': here('src/shims/path.ts') } },
  // `npm run dev:web`: the pages from Vite with live reload, the API from a running gateway
  // (GATEWAY_URL, default http://127.0.0.1:4141). The proxy drops the browser's Origin (Vite's
  // own port), which the gateway would rightly refuse as another site: development only.
  server: {
    proxy: Object.fromEntries(
      ['/admin/api', '/v1'].map((path) => [
        path,
        {
          target: process.env.GATEWAY_URL ?? 'http://127.0.0.1:4141',
          configure: (proxy: {
            on: (e: 'proxyReq', f: (r: { removeHeader(n: string): void }) => void) => void;
          }) => proxy.on('proxyReq', (req) => req.removeHeader('origin')),
        },
      ]),
    ),
  },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline script: the CSP allows scripts from this origin only.
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
});
