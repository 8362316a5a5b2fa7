// The alias rules applied when a requested model id is not in the catalogue. Claude id rules
// arrive with the Anthropic ingress (./claude-aliases.ts).
import type { Settings } from '../../config/settings.js';
import type { AliasRule } from './resolve.js';

export function defaultAliasRules(_settings: Settings): AliasRule[] {
  return [];
}
