// Node flags that make a process's instruction count repeatable under callgrind: no compiler or
// GC threads racing it, fixed hash and random seeds (V8 randomises string hashing per process,
// which changes hash-table work), no wall-clock-driven GCs (the memory reducer).
export const DETERMINISTIC_NODE = [
  '--predictable',
  '--single-threaded',
  '--hash-seed=42',
  '--random-seed=42',
  '--no-memory-reducer',
];
