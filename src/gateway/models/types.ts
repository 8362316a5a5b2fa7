// The shapes of model resolution, apart from the resolver (the gateway context names AliasRule;
// the resolver reads the context: keeping the types here keeps the two out of an import circle).
import type { CopilotModel } from '../../upstream/types.js';

export interface ResolvedModel {
  model: CopilotModel;
  /** How it was found, for logs: exact | mapping | alias | fallback. */
  via: 'exact' | 'mapping' | 'alias' | 'fallback';
}

/** A rule that may place a name the catalogue does not list exactly (e.g. dated Claude ids). */
export type AliasRule = (
  requested: string,
  models: CopilotModel[],
) =>
  | {
      id: string;
      via: 'alias' | 'fallback';
      note?: string /** log a warning (once per name) */;
      warn?: boolean;
    }
  | undefined;
