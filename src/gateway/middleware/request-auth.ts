// Who a request is (set by the request guard before its route runs). A type of its own so the
// request context can carry it without importing the authentication code.
import type { IndexedKey } from '../../store/keys.js';

export interface RequestAuth {
  /** The key the request came with (its id fills OutcomeRecord.keyId). */
  key?: IndexedKey;
  via: 'public' | 'key' | 'session' | 'loopback' | 'no-auth';
}
