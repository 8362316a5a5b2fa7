// POST /embeddings: deterministic unit vectors derived from a hash of each input.
import { createHash } from 'node:crypto';
import type { ModelView } from './catalogue.js';
import { openaiError } from './errors.js';
import { estimateTokens } from './scripted-model.js';

export const EMBEDDING_DIMS = 64;

export function embed(text: string, dims = EMBEDDING_DIMS): Float32Array {
  const v = new Float32Array(dims);
  let block = Buffer.alloc(0);
  for (let i = 0; i < dims; i++) {
    if (i % 16 === 0)
      block = createHash('sha256')
        .update(`${i / 16}:${text}`)
        .digest();
    // Two bytes per component → [-1, 1).
    v[i] = block.readUInt16LE((i % 16) * 2) / 32768 - 1;
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dims; i++) v[i] /= norm;
  return v;
}

export function renderEmbeddings(body: Record<string, unknown>, model: ModelView): Record<string, unknown> {
  const input = body.input;
  const inputs: string[] =
    typeof input === 'string'
      ? [input]
      : Array.isArray(input) && input.every((s): s is string => typeof s === 'string')
        ? input
        : [];
  if (inputs.length === 0) {
    throw openaiError("'input' must be a non-empty string or an array of strings.", 'invalid_value', 'input');
  }
  const dims =
    typeof body.dimensions === 'number' && body.dimensions > 0
      ? Math.min(body.dimensions, 1536)
      : EMBEDDING_DIMS;
  const base64 = body.encoding_format === 'base64';
  if (body.encoding_format !== undefined && body.encoding_format !== 'float' && !base64) {
    throw openaiError(
      "Invalid value for 'encoding_format': expected 'float' or 'base64'.",
      'invalid_value',
      'encoding_format',
    );
  }
  let tokens = 0;
  const data = inputs.map((text, index) => {
    tokens += Math.max(1, estimateTokens(text.length));
    const v = embed(text, dims);
    // base64 = little-endian float32 bytes (what the OpenAI SDK decodes).
    const embedding = base64
      ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
      : Array.from(v);
    return { object: 'embedding', embedding, index };
  });
  return {
    object: 'list',
    data,
    model: model.version,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
