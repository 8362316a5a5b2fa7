import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The admin UI's component tests (web/**/*.test.tsx) use Preact's JSX runtime; server code has
  // no .tsx files, so this changes nothing for it.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
