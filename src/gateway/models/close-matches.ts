// Suggests catalogue ids close to a name the client asked for (edit distance on normalised
// names, plus shared-prefix bonus), for actionable "unknown model" errors.

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export function closeMatches(name: string, ids: string[], max = 3): string[] {
  const n = normalise(name);
  return ids
    .map((id) => {
      const m = normalise(id);
      let common = 0;
      while (common < n.length && common < m.length && n[common] === m[common]) common++;
      return { id, score: distance(n, m) - common * 0.5 };
    })
    .filter((x) => x.score <= Math.max(4, n.length * 0.5))
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map((x) => x.id);
}
