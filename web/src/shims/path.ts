// `node:path` for the browser bundle: the `setup` recipe writers (src/cli/setup/writers.ts) only
// join POSIX-style paths under a home directory, which the Connect page shows as `~`.
export function join(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .join('/')
    .replace(/\/{2,}/g, '/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}
