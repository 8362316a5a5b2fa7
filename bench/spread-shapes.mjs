#!/usr/bin/env -S node --allow-natives-syntax
// Why src/util/extend.ts exists: on Node 20 (V8 11), optimised code that builds a spread followed
// by keys the spread object lacks (`{ ...base, key }`, `{ ...a, ...b }`) makes a new hidden class
// on every call. Prints, per form, whether two results of the warmed-up code share a class and
// the cost of a call. Usage: node --allow-natives-syntax bench/spread-shapes.mjs
import { extend } from '../dist/util/extend.js';

const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
const bases = [
  (i) => ({ traceId: `t${i}`, model: 'm' }),
  (i) => ({ traceId: `t${i}`, cancel: {}, vision: false }),
  (i) => ({ initiator: 'user', traceId: `t${i}` }),
  (i) => ({ traceId: `t${i}`, model: 'm', conversation: () => 1 }),
];
const forms = {
  '{ ...base, key }': (o, i) => ({ ...o, endpoint: '/chat/completions', body: i }),
  '{ ...a, ...b } (b adds keys)': (o, i) => ({ ...o, ...{ endpoint: '/chat/completions', body: i } }),
  '{ ...base } (copy only)': (o) => ({ ...o }),
  '{ ...base, existing key }': (o, i) => ({ ...o, traceId: i }),
  'extend(base, { key })': (o, i) => extend(o, { endpoint: '/chat/completions', body: i }),
  'Object.assign({}, base, { key })': (o, i) =>
    Object.assign({}, o, { endpoint: '/chat/completions', body: i }),
};
const N = 1_000_000;
for (const [name, f] of Object.entries(forms)) {
  for (let i = 0; i < 200_000; i++) f(bases[i & 3](i), i);
  const shared = sameMap(f(bases[0](1), 1), f(bases[0](2), 2));
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) f(bases[i & 3](i), i);
  const ns = Number(process.hrtime.bigint() - t) / N;
  console.log(`${name.padEnd(34)} same class: ${String(shared).padEnd(5)}  ${ns.toFixed(0)} ns a call`);
}
