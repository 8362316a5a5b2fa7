// Builds the admin UI from the current sources into a fresh folder (what `npm run build` writes
// to dist/web), so tests measure and serve the code they run with, never a stale dist/.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const WEB_CONFIG = resolve(import.meta.dirname, '../../web/vite.config.ts');

export async function buildWeb(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'cgw-web-build-'));
  await build({ configFile: WEB_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}
