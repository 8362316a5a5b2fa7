// The price table: the prices shipped in prices.json, overlaid by config.json's `usage.prices`,
// and the one function that turns token counts into nano-AIU. The emulator prices its answers
// with the same function, so the gateway's estimates and Copilot's (emulated) reports agree.

import { type ModelPrice, type PriceFile, type PriceTier, priceFileSchema } from './price-schema.js';
import shipped from './prices.json' with { type: 'json' };

/** 1 AI Credit = 1e9 nano-AIU = $0.01, so $1 per 1M tokens = 1e5 nano-AIU per token. */
export const NANO_PER_CREDIT = 1_000_000_000;
const NANO_PER_TOKEN_PER_USD_PER_MILLION = 100_000;

export interface TokenCounts {
  /** All prompt tokens, cache reads and writes included. */
  inputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  /** Output tokens, reasoning included. */
  outputTokens: number;
}

export interface PricedTokens {
  nanoAiu: number;
  /** Which tier priced the request. */
  tier: 'standard' | 'long-context';
  /** Per token type: count and USD per 1M tokens (what Copilot's token_details carry). */
  parts: { type: 'input' | 'cache_read' | 'cache_write' | 'output'; tokens: number; usdPerMillion: number }[];
}

export interface PriceTable {
  /** The price of a model, or undefined: no price (never read as 0). */
  find(model: string | undefined): ModelPrice | undefined;
  readonly autoDiscount: number;
  /** Model ids with a price. */
  models(): string[];
}

export function createPriceTable(
  overrides: Record<string, ModelPrice> = {},
  base: PriceFile = shippedPrices(),
): PriceTable {
  const byId = new Map<string, ModelPrice>(Object.entries(base.models));
  for (const [id, price] of Object.entries(overrides)) byId.set(id, price);
  return {
    find: (model) => (model === undefined ? undefined : byId.get(model)),
    autoDiscount: base.autoDiscount ?? 0,
    models: () => [...byId.keys()],
  };
}

/** The prices.json shipped in the package, validated (a broken file is a build bug, so it throws). */
export function shippedPrices(): PriceFile {
  return priceFileSchema.parse(shipped);
}

function tierFor(price: ModelPrice, inputTokens: number): { tier: PriceTier; name: PricedTokens['tier'] } {
  const long = price.longContext;
  if (long && inputTokens > long.aboveInputTokens) return { tier: long, name: 'long-context' };
  return { tier: price, name: 'standard' };
}

/** Cost of a request's tokens at a model's price; `discount` (0..1) for auto model selection. */
export function priceTokens(price: ModelPrice, tokens: TokenCounts, discount = 0): PricedTokens {
  const { tier, name } = tierFor(price, tokens.inputTokens);
  const cached = Math.max(0, tokens.cachedInputTokens ?? 0);
  const written = Math.max(0, tokens.cacheWriteTokens ?? 0);
  const fresh = Math.max(0, tokens.inputTokens - cached - written);
  const parts: PricedTokens['parts'] = [
    { type: 'input', tokens: fresh, usdPerMillion: tier.input },
    { type: 'cache_read', tokens: cached, usdPerMillion: tier.cachedInput ?? tier.input },
    { type: 'cache_write', tokens: written, usdPerMillion: tier.cacheWrite ?? tier.input },
    { type: 'output', tokens: Math.max(0, tokens.outputTokens), usdPerMillion: tier.output },
  ];
  const usd = parts.reduce((n, p) => n + p.tokens * p.usdPerMillion, 0);
  const nanoAiu = Math.round(usd * NANO_PER_TOKEN_PER_USD_PER_MILLION * (1 - discount));
  return { nanoAiu, tier: name, parts };
}
