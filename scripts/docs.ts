// `npm run docs`: rewrites the generated sections of README.md (CLI and config.json reference)
// and config.schema.json from the code. `npm run docs -- --check` only says whether they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/docs/config-reference.js';
import { fillSections, generatedSections } from '../src/docs/readme.js';

const files: [string, string][] = [
  ['README.md', fillSections(readFileSync('README.md', 'utf8'), generatedSections())],
  ['config.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`],
];
const check = process.argv.includes('--check');
let stale = 0;
for (const [path, wanted] of files) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {}
  if (current === wanted) continue;
  stale++;
  if (check) console.error(`${path} is stale: run npm run docs`);
  else writeFileSync(path, wanted);
}
if (check && stale > 0) process.exitCode = 1;
console.log(check ? `${stale} stale file(s)` : `${stale} file(s) rewritten`);
