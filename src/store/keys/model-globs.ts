// A key's model allow-list: globs where `*` matches any run of characters and `?` one character,
// compared with the Copilot model id the request resolved to (what is actually spent).
export type ModelMatcher = (modelId: string) => boolean;

export function compileModelGlobs(globs: readonly string[]): ModelMatcher {
  if (globs.length === 0) return () => true;
  const res = globs.map(
    (g) =>
      new RegExp(
        `^${g
          .split('')
          .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
        'i',
      ),
  );
  return (id) => res.some((re) => re.test(id));
}
