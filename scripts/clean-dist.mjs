// Removes dist/ before a build, so files whose source was deleted or excluded (tests, test helpers)
// cannot linger in dist/ and end up in the published tarball.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
