// The README's generated sections and config.schema.json must match the code. When this fails
// after a flag or config key changed: run `npm run docs` and commit the result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../cli/program.js';
import { settingsDefaults } from '../config/defaults.js';
import { parseConfigFile } from '../config/schema.js';
import { parseConfigText } from '../config/store.js';
import { renderCliReference } from './cli-reference.js';
import { configJsonSchema, renderConfigReference } from './config-reference.js';
import { fillSections, generatedSections } from './readme.js';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

function program() {
  return buildProgram({
    io: { out: () => {}, err: () => {} },
    env: {},
    exit: () => {},
    handleSignals: false,
  });
}

describe('README generated sections', () => {
  it('are up to date with the CLI definition and the config schema (else run `npm run docs`)', () => {
    expect(readme).toBe(fillSections(readme, generatedSections()));
  });

  it('config.schema.json is up to date (else run `npm run docs`)', () => {
    const onDisk = JSON.parse(readFileSync(new URL('config.schema.json', root), 'utf8'));
    expect(onDisk).toEqual(configJsonSchema());
  });

  it('fillSections replaces only between the markers and refuses a README without them', () => {
    const text = 'a\n<!-- generated:cli -->\nold\n<!-- /generated:cli -->\nb\n';
    expect(fillSections(text, { cli: 'new' })).toBe(
      'a\n<!-- generated:cli -->\nnew\n<!-- /generated:cli -->\nb\n',
    );
    expect(() => fillSections('nothing', { cli: 'x' })).toThrow(/no <!-- generated:cli -->/);
  });
});

describe('CLI reference', () => {
  it('names every command and every flag of every command', () => {
    const p = program();
    const text = renderCliReference(p);
    for (const command of p.commands) {
      expect(text).toContain(`#### \`copilot-gateway ${command.name()}`);
      for (const option of command.options) expect(text).toContain(`\`${option.flags}\``);
    }
  });

  it('lists the choices of an option with choices', () => {
    expect(renderCliReference(program())).toMatch(/`--log-format <format>` \| .*one of: `text`, `json`/);
  });
});

describe('config reference', () => {
  it('has a row for every key the loader accepts, nested keys included, with defaults', () => {
    const text = renderConfigReference();
    const schema = configJsonSchema() as { properties: Record<string, { properties?: object }> };
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (key === '$schema') continue;
      expect(text).toContain(`| \`${key}\` |`);
      for (const nested of Object.keys(sub.properties ?? {}))
        expect(text).toContain(`| \`${key}.${nested}\` |`);
    }
    expect(text).toContain(`| \`port\` | integer ≥ 0, ≤ 65535 | \`${settingsDefaults().port}\` |`);
    expect(text).toContain('| `timeouts.idleMs` | integer > 0 | `300000` |');
  });

  it("the README's config.json example loads through the loader's own parser and schema", () => {
    const example = /```jsonc\n([\s\S]*?)\n```/.exec(readme.slice(readme.indexOf('### config.json')));
    expect(example).not.toBeNull();
    const value = parseConfigText(example![1], 'README example');
    expect(parseConfigFile(value, 'README example')).toMatchObject({ port: 4141 });
  });
});
