// npm marks bin files executable on install from the registry, but not when we build in place.
import { chmodSync, existsSync } from 'node:fs';

if (existsSync('dist/main.js')) chmodSync('dist/main.js', 0o755);
