// The README's config.json reference, generated from the zod schema the loader validates with (and
// the defaults the loader applies), so the two cannot drift: `npm run docs` rewrites it and a test
// fails while the README is stale. Also the JSON schema editors can use through `$schema`.
import { z } from 'zod';
import { settingsDefaults } from '../config/defaults.js';
import { configFileSchema } from '../config/schema.js';
import { table } from './markdown.js';

interface JsonSchema {
  type?: string;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
}

export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configFileSchema, { io: 'input' }) as Record<string, unknown>;
}

function typeText(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `object of ${typeText(s.additionalProperties)}`;
  }
  const type = s.type ?? 'any';
  const bounds: string[] = [];
  if (s.minimum !== undefined) bounds.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) bounds.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) bounds.push(`≤ ${s.maximum}`);
  return bounds.length > 0 ? `${type} ${bounds.join(', ')}` : type;
}

function defaultAt(path: string[]): unknown {
  let value: unknown = settingsDefaults();
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function rows(properties: Record<string, JsonSchema>, prefix: string[]): string[][] {
  const out: string[][] = [];
  for (const [key, schema] of Object.entries(properties)) {
    if (key === '$schema') continue;
    const path = [...prefix, key];
    const fallback = defaultAt(path);
    const nested = schema.type === 'object' && schema.properties;
    out.push([
      `\`${path.join('.')}\``,
      nested ? 'object' : typeText(schema),
      fallback === undefined || nested ? '' : `\`${JSON.stringify(fallback)}\``,
      schema.description ?? '',
    ]);
    if (nested) out.push(...rows(schema.properties as Record<string, JsonSchema>, path));
  }
  return out;
}

export function renderConfigReference(): string {
  const schema = configJsonSchema() as JsonSchema;
  return table(['key', 'type', 'default', 'what'], rows(schema.properties ?? {}, []));
}
