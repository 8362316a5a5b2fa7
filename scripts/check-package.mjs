// `npm run check:package`: the package as a user gets it. Packs the tarball, checks it holds only
// what runs, installs it globally into an empty prefix (production dependencies only, native
// addon built there), then runs the installed command: --version, start --help, debug, and a real
// `start` against the emulator. Leaves the prefix in .tmp/package-check/prefix for
// check-container.mjs. Slow (the install compiles better-sqlite3 where no prebuilt can be fetched).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checker, run, startUntil, stop } from './lib-check.mjs';

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.tmp', 'package-check');
const prefix = join(work, 'prefix');
const home = join(work, 'home');
rmSync(work, { recursive: true, force: true });
mkdirSync(home, { recursive: true });
const t = checker('check-package');

// npm pack runs `prepare` (the build, from a clean dist/).
const packed = run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root });
t.check('npm pack succeeds', packed.code === 0, packed.stderr);
const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0];
const files = info.files.map((f) => f.path);
const unwanted = files.filter((f) =>
  /(\.test\.|test-helpers|test-support|__fixtures__|^src\/|^test\/|^bench\/|\.map$|^dist\/dev\/|^dist\/docs\/)/.test(
    f,
  ),
);
t.check(
  'the tarball has no tests, test helpers, sources, maps or dev tooling',
  unwanted.length === 0,
  unwanted.join('\n'),
);
for (const f of [
  'dist/main.js',
  'dist/web/index.html',
  'README.md',
  'config.schema.json',
  'contrib/copilot-gateway.service',
  'package.json',
]) {
  t.check(`the tarball has ${f}`, files.includes(f));
}
t.check(
  'the tarball has the built admin UI assets',
  files.some((f) => /^dist\/web\/assets\/index-[\w-]+\.js$/.test(f)),
  files.filter((f) => f.startsWith('dist/web')).join('\n'),
);
t.check(`the tarball is small (${info.size} bytes packed)`, info.size < 1_000_000);

const tarball = join(work, info.filename);
// The user's own npm settings (registry, proxy, CA) apply, as for any user; only the prefix is new.
const env = process.env;
const install = run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {
  cwd: work,
  env,
});
t.check(
  'npm install -g --prefix <empty> <tarball> succeeds',
  install.code === 0,
  install.stdout + install.stderr,
);
t.check(
  'the install has no EBADENGINE warning on this Node',
  !/EBADENGINE/.test(install.stderr),
  install.stderr,
);

const modules = readdirSync(join(prefix, 'lib', 'node_modules', 'copilot-gateway', 'node_modules'));
const dev = [
  'vitest',
  'typescript',
  '@anthropic-ai',
  '@openai',
  '@google',
  '@biomejs',
  'tsx',
  'openai',
  'fast-check',
];
t.check('no development package was installed', !modules.some((m) => dev.includes(m)), modules.join(' '));

const bin = join(prefix, 'bin', 'copilot-gateway');
const userEnv = {
  PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
  HOME: home,
  COPILOT_GATEWAY_HOME: join(work, 'data'),
};
const version = run(bin, ['--version'], { env: userEnv, cwd: work });
t.check(
  `copilot-gateway --version prints ${info.version}`,
  version.stdout.trim() === info.version,
  version.stdout + version.stderr,
);
const help = run(bin, ['start', '--help'], { env: userEnv, cwd: work });
t.check(
  'copilot-gateway start --help',
  help.code === 0 && help.stdout.includes('Usage: copilot-gateway start'),
  help.stdout + help.stderr,
);
const debug = run(bin, ['debug'], { env: userEnv, cwd: work });
t.check(
  'copilot-gateway debug, with the hint naming the installed command',
  debug.code === 0 && debug.stdout.includes('run `copilot-gateway auth`'),
  debug.stdout + debug.stderr,
);

// A real start from the installed package, against the installed package's own emulator.
let emulator;
let gateway;
try {
  emulator = await startUntil(bin, ['emulator', '--port', '0'], /GitHub emulator:\s+(http:\/\/\S+)/, {
    env: userEnv,
    cwd: work,
  });
  const githubUrl = emulator.match[1];
  gateway = await startUntil(
    bin,
    ['start', '--port', '0', '--github-url', githubUrl, '--github-token', 'ghu_emulator_token'],
    /listening on (http:\/\/\S+)/,
    { env: userEnv, cwd: work },
  );
  const url = gateway.match[1];
  const health = await fetch(`${url}/healthz`);
  t.check('the installed gateway starts and answers /healthz', health.ok);
  // The admin UI from the installed package's dist/web: the page and the asset it names.
  const adminPage = await fetch(`${url}/admin`);
  const html = await adminPage.text();
  const asset = /\/admin\/assets\/index-[\w-]+\.js/.exec(html)?.[0];
  const script = asset ? await fetch(`${url}${asset}`) : undefined;
  t.check(
    'the installed gateway serves the admin UI (/admin and its hashed script)',
    adminPage.ok && script?.ok === true && /immutable/.test(script.headers.get('cache-control') ?? ''),
    html.slice(0, 300),
  );
  const models = await fetch(`${url}/v1/models`);
  t.check('the installed gateway lists models (SQLite and the Copilot client load)', models.ok);
  t.check(
    'the installed gateway stops on SIGTERM with exit code 0',
    (await stop(gateway.child)) === 0,
    gateway.output(),
  );
} catch (err) {
  t.check('the installed gateway runs against the emulator', false, String(err));
} finally {
  if (gateway) await stop(gateway.child);
  if (emulator) await stop(emulator.child);
}
t.finish();
