// The alias rules applied when a requested model id is not in the catalogue (see each rule's
// file for its documented order).
import type { Settings } from '../../config/settings.js';
import { createClaudeAliasRule } from './claude-aliases.js';
import type { AliasRule } from './types.js';

export function defaultAliasRules(_settings: Settings): AliasRule[] {
  return [createClaudeAliasRule()];
}
