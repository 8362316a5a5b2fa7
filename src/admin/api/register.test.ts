import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues } from './define.js';
import { patternOf } from './register.js';

describe('admin route declarations', () => {
  it('turns {param} paths into one-segment patterns', () => {
    const { pattern, keys } = patternOf('/admin/api/accounts/device/{flowId}');
    expect(keys).toEqual(['flowId']);
    expect(pattern.exec('/admin/api/accounts/device/flow_1')?.[1]).toBe('flow_1');
    expect(pattern.test('/admin/api/accounts/device/a/b')).toBe(false);
    expect(pattern.test('/admin/api/accounts/device/')).toBe(false);
  });

  it('names every field to fix', () => {
    const r = z
      .strictObject({ a: z.number(), b: z.object({ c: z.string() }) })
      .safeParse({ a: 'x', b: {}, d: 1 });
    expect(r.success).toBe(false);
    if (!r.success) {
      const text = describeIssues(r.error);
      expect(text).toMatch(/^a: /);
      expect(text).toMatch(/b\.c: /);
      expect(text).toMatch(/\(root\): unknown field "d"/);
    }
  });
});
