// `{ ...base, key: value }` without its cost on Node 20. When V8 11's optimising compiler builds a
// spread followed by keys the spread object lacks, every call gets a hidden class of its own:
// ~1.5 µs a call instead of ~0.1, a Map object left for the old generation's GC, and every
// property read of the result downstream turns megamorphic (bench/spread-shapes.mjs measures it).
// Object.assign onto a fresh {} walks the ordinary transition tree, so results share classes.

/** A new object with `base`'s own enumerable properties, then `extra`'s (the spread's semantics). */
export function extend<A extends object, B extends object>(base: A, extra: B): Omit<A, keyof B> & B {
  // Object.assign sets `__proto__` (it would set the prototype; JSON.parse makes such own keys):
  // the spread defines it as an own property, as it should be.
  if (Object.hasOwn(base, '__proto__') || Object.hasOwn(extra, '__proto__'))
    return { ...base, ...extra } as Omit<A, keyof B> & B;
  return Object.assign({}, base, extra) as Omit<A, keyof B> & B;
}
