// Generated sections of README.md live between marker comments:
//   <!-- generated:NAME -->  …  <!-- /generated:NAME -->
// `npm run docs` (scripts/docs.ts) rewrites them; readme.test.ts fails when they are stale.
import { buildProgram } from '../cli/program.js';
import { renderCliReference } from './cli-reference.js';
import { renderConfigReference } from './config-reference.js';

export type Sections = Record<string, string>;

export function generatedSections(): Sections {
  const program = buildProgram({
    io: { out: () => {}, err: () => {} },
    env: {},
    exit: () => {},
    handleSignals: false,
  });
  return { cli: renderCliReference(program), config: renderConfigReference() };
}

export function fillSections(readme: string, sections: Sections): string {
  let out = readme;
  for (const [name, body] of Object.entries(sections)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} section`);
    out = `${out.slice(0, from + start.length)}\n${body}\n${out.slice(to)}`;
  }
  return out;
}
