// Moved to the drift shield (src/upstream/quirks/drift-betas.ts); kept so route code importing it
// from here still builds.
export { COPILOT_ACCEPTED_BETAS, reduceAnthropicBeta } from '../upstream/quirks/drift-betas.js';
