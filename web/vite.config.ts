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
