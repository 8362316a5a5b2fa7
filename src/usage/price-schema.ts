// The shape of one model's price (USD per 1M tokens), shared by the shipped prices.json and the
// `usage.prices` override in config.json, so both are validated by the same rules.
import { z } from 'zod';

const usdPerMillion = z.number().min(0).max(10_000);

const tierSchema = z.strictObject({
  input: usdPerMillion,
  cachedInput: usdPerMillion.optional(),
  cacheWrite: usdPerMillion.optional(),
  output: usdPerMillion,
});

export const modelPriceSchema = tierSchema.extend({
  /** A second price for requests whose input exceeds `aboveInputTokens` (whole request). */
  longContext: tierSchema.extend({ aboveInputTokens: z.number().int().positive() }).optional(),
});

export const priceFileSchema = z.object({
  $comment: z.string().optional(),
  asOf: z.string().optional(),
  /** Auto model selection discount on paid plans (0.1 = 10 %). */
  autoDiscount: z.number().min(0).max(1).optional(),
  models: z.record(z.string().min(1), modelPriceSchema),
});

export type PriceTier = z.infer<typeof tierSchema>;
export type ModelPrice = z.infer<typeof modelPriceSchema>;
export type PriceFile = z.infer<typeof priceFileSchema>;
