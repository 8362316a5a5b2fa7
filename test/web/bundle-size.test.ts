// The admin UI's first load (index.html, its entry script, the scripts that one imports
// statically, and its styles) stays under 250 KB gzipped. Pages loaded on demand (usage: chart and
// virtual list; connect: the recipe writers) are measured apart. Sizes, not times.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from './build-web.js';

const BUDGET = 250 * 1024;
let out: string;
beforeAll(async () => {
  out = await buildWeb();
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const assetRefs = (text: string) =>
  [...text.matchAll(/\/admin\/assets\/([\w.-]+)|"\.\/([\w.-]+\.(?:js|css))"/g)].map((m) => m[1] ?? m[2]);

/** The entry's static imports (`import … from "./x.js"` at the top of a Vite chunk), transitively. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const text = readFileSync(join(out, 'assets', name), 'utf8');
    for (const m of text.matchAll(/(?:^|[;\n])\s*import\s*(?:[\w{},*\s$]+from\s*)?"\.\/([\w.-]+\.js)"/g))
      visit(m[1]);
  };
  visit(entry);
  return seen;
}

describe('admin UI bundle size', () => {
  it('first load is under 250 KB gzipped', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const refs = assetRefs(html);
    const entry = refs.find((r) => r.endsWith('.js'));
    expect(entry).toBeDefined();
    const files = new Set([...staticClosure(entry!), ...refs.filter((r) => r.endsWith('.css'))]);
    let total = gzipSync(html).length;
    for (const f of files) total += gz(join(out, 'assets', f));
    console.log(`admin UI first load: ${(total / 1024).toFixed(1)} KB gzipped over ${files.size + 1} files`);
    expect(total).toBeLessThan(BUDGET);
    // The chart library is not part of the first load.
    for (const f of files) expect(readFileSync(join(out, 'assets', f), 'utf8')).not.toContain('uPlot');
  });

  it('the pages loaded on demand (usage, connect) add under 250 KB gzipped', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const all = readFileSync(join(out, 'assets', assetRefs(html).find((r) => r.endsWith('.js'))!), 'utf8');
    const lazy = [...all.matchAll(/import\("\.\/([\w.-]+\.js)"\)/g)].map((m) => m[1]);
    expect(lazy.length).toBeGreaterThanOrEqual(2);
    let total = 0;
    for (const f of new Set(lazy)) total += gz(join(out, 'assets', f));
    console.log(`admin UI on-demand pages: ${(total / 1024).toFixed(1)} KB gzipped`);
    expect(total).toBeLessThan(BUDGET);
  });
});
