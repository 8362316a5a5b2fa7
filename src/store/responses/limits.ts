// The default bounds of the stored Responses answers (config `responseStore` overrides them).
import type { ResponsesLimits } from './types.js';

export const DEFAULT_RESPONSES_LIMITS: ResponsesLimits = {
  ttlSec: 6 * 3600,
  maxEntries: 2000,
  maxBytes: 256 * 1024 * 1024,
};
