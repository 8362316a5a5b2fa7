// The Connect page's SDK recipes are the README's, character for character.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_MODEL, README_URL, SDK_RECIPES } from './sdk-recipes.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

function block(heading: string): string {
  const at = readme.indexOf(`### ${heading}\n`);
  expect(at, heading).toBeGreaterThan(-1);
  const m = /```ts\n([\s\S]*?)\n```/.exec(readme.slice(at));
  return m?.[1] ?? '';
}

describe('SDK recipes', () => {
  it.each(SDK_RECIPES)('$heading is the README block', (r) => {
    expect(r.code(README_URL, README_MODEL)).toBe(block(r.heading));
  });

  it("fills in this gateway's URL and the chosen model", () => {
    const code = SDK_RECIPES[0].code('https://gw.example:8443', 'gpt-5-mini');
    expect(code).toContain("baseURL: 'https://gw.example:8443/v1'");
    expect(code).toContain("const model = 'gpt-5-mini'");
  });
});
