import { describe, expect, it } from 'vitest';
import { LearnedRoutes } from './learned-routes.js';

describe('LearnedRoutes', () => {
  it('remembers per account and model, and the latest per model', () => {
    const r = new LearnedRoutes();
    r.learn('m', 'a1', '/responses');
    r.learn('m', 'a2', '/v1/messages');
    expect(r.get('m', 'a1')).toBe('/responses');
    expect(r.get('m', 'a2')).toBe('/v1/messages');
    expect(r.get('m')).toBe('/v1/messages');
    expect(r.get('other')).toBeUndefined();
  });

  it('stays bounded, dropping the least recently learned', () => {
    const r = new LearnedRoutes(2);
    r.learn('m1', 'a', '/responses');
    r.learn('m2', 'a', '/responses');
    r.learn('m1', 'a', '/responses');
    r.learn('m3', 'a', '/v1/messages');
    expect(r.size).toBe(2);
    expect(r.get('m2', 'a')).toBeUndefined();
    expect(r.get('m1', 'a')).toBe('/responses');
    expect(r.get('m2')).toBeUndefined();
  });
});
