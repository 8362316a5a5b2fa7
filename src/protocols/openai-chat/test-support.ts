// Test-only helpers shared by this folder's tests: fixture loading and a thrown-error catcher.
import { readFileSync } from 'node:fs';
import { GatewayError } from '../../errors/gateway-error.js';

export function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

export function jsonFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

/** Runs `fn` and returns the GatewayError it threw (fails the test when it does not throw one). */
export function thrown(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError to be thrown');
}
