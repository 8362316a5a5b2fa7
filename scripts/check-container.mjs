// `npm run check:container`: the Docker image's runtime stage without Docker (no engine runs on
// the build machines). Reads the runtime stage of ./Dockerfile (COPY --from, ENV, USER, WORKDIR,
// HEALTHCHECK, ENTRYPOINT, CMD), lays the same files out under a scratch root, and runs the same
// commands there as a non-root user (uid 1000, the image's `node`): first sign-in settings, an API
// key (when this build has `keys`), the gateway listening on 0.0.0.0, the health check, key
// enforcement, file ownership, the printed hints, and a graceful stop on SIGTERM.
// Uses the install check-package.mjs leaves in .tmp/package-check/prefix (run that first).
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checker, run, startUntil, stop } from './lib-check.mjs';

const root = resolve(import.meta.dirname, '..');
const prefix = process.argv[2] ?? join(root, '.tmp', 'package-check', 'prefix');
if (!existsSync(join(prefix, 'bin', 'copilot-gateway'))) {
  console.error(`No installed package at ${prefix}: run npm run check:package first`);
  process.exit(1);
}
const t = checker('check-container');

/** The runtime stage's instructions, with line continuations joined. */
function runtimeStage(text) {
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n');
  const start = lines.findIndex((l) => /^FROM\s+\S+\s+AS\s+runtime\b/i.test(l));
  if (start < 0) throw new Error('Dockerfile has no `FROM … AS runtime` stage');
  const stage = { env: {}, copies: [] };
  for (const line of lines.slice(start + 1)) {
    const m = /^(\w+)\s+(.*)$/.exec(line.trim());
    if (!m || line.trim().startsWith('#')) continue;
    const [, op, rest] = m;
    if (op === 'FROM') break;
    if (op === 'ENV') {
      for (const [, k, v] of rest.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
        stage.env[k] = v.startsWith('"') ? JSON.parse(v) : v;
      }
    } else if (op === 'COPY') {
      const c = /--from=\S+\s+(\S+)\s+(\S+)/.exec(rest);
      if (c) stage.copies.push({ from: c[1], to: c[2] });
    } else if (op === 'USER') stage.user = rest.trim();
    else if (op === 'WORKDIR') stage.workdir = rest.trim();
    else if (op === 'ENTRYPOINT') stage.entrypoint = JSON.parse(rest);
    else if (op === 'CMD') stage.cmd = JSON.parse(rest);
    else if (op === 'HEALTHCHECK') stage.healthcheck = JSON.parse(rest.slice(rest.indexOf('CMD') + 3));
    else if (op === 'VOLUME') stage.volumes = JSON.parse(rest);
  }
  return stage;
}

const stage = runtimeStage(readFileSync(join(root, 'Dockerfile'), 'utf8'));
t.check('the runtime stage runs as the non-root node user', stage.user === 'node');
t.check(
  'the runtime stage has the /data volume and COPILOT_GATEWAY_HOME=/data',
  stage.volumes?.includes('/data') && stage.env.COPILOT_GATEWAY_HOME === '/data',
);
t.check('the runtime stage listens on 0.0.0.0', stage.env.HOST === '0.0.0.0');
t.check(
  'the runtime stage copies one install from the build stage',
  stage.copies.length === 1,
  JSON.stringify(stage.copies),
);

// The scratch root: the image's paths, re-rooted.
const scratch = mkdtempSync(join(tmpdir(), 'cgw-container-'));
chmodSync(scratch, 0o755);
const at = (p) => join(scratch, p);
const map = (s) =>
  s.replaceAll(stage.copies[0].to, at(stage.copies[0].to)).replace(/(^|[\s:=])\/data\b/g, `$1${at('/data')}`);
cpSync(prefix, at(stage.copies[0].to), { recursive: true, verbatimSymlinks: true });
const UID = 1000;
const asRoot = process.getuid?.() === 0;
// RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
mkdirSync(at('/data'), { recursive: true });
if (asRoot) chownSync(at('/data'), UID, UID);
chmodSync(at('/data'), 0o700);
const asUser = (cmd) =>
  asRoot
    ? ['setpriv', [`--reuid=${UID}`, `--regid=${UID}`, '--clear-groups', '--', ...cmd]]
    : [cmd[0], cmd.slice(1)];

const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

let emulator;
let gateway;
try {
  // Copilot and GitHub stand-ins, outside the "container" (they play github.com).
  const bin = join(prefix, 'bin', 'copilot-gateway');
  emulator = await startUntil(bin, ['emulator', '--port', '0'], /GitHub emulator:\s+(http:\/\/\S+)/, {
    cwd: scratch,
  });
  const githubUrl = emulator.match[1];
  // The user's settings in the volume: config.json pointing at "GitHub", GH_TOKEN as compose.env would.
  writeFileSync(
    at('/data/config.json'),
    `{\n  // as a GHES user would\n  "githubUrl": "${githubUrl}",\n}\n`,
    { mode: 0o600 },
  );
  if (asRoot) chownSync(at('/data/config.json'), UID, UID);

  const port = await freePort();
  const env = {};
  for (const [k, v] of Object.entries(stage.env))
    env[k] = map(v.replace('$PATH', process.env.PATH ?? '/usr/bin:/bin'));
  Object.assign(env, { HOME: at('/data'), PORT: String(port), GH_TOKEN: 'ghu_emulator_token' });
  const opts = { env, cwd: at(stage.workdir ?? '/') };
  const entry = stage.entrypoint.map(map);

  const debug = run(...asUser([...entry, 'debug']), opts);
  t.check(
    'debug runs as the non-root user and its hints say `docker compose run --rm gateway …`',
    debug.code === 0 && debug.stdout.includes('`docker compose run --rm gateway auth`'),
    debug.stdout + debug.stderr,
  );

  let key;
  const hasKeys = /^\s+keys\b/m.test(run(...asUser([...entry, '--help']), opts).stdout);
  if (hasKeys) {
    const created = run(...asUser([...entry, 'keys', 'create', '--name', 'container-check', '--json']), opts);
    key = created.code === 0 ? JSON.parse(created.stdout).key : undefined;
    t.check(
      'keys create works in the volume as the non-root user',
      typeof key === 'string',
      created.stdout + created.stderr,
    );
  } else {
    console.log('note: this build has no `keys` command yet (issue 10): key enforcement not checked');
  }

  gateway = await startUntil(
    ...asUser([...entry, ...stage.cmd.map(map)]),
    /listening on (http:\/\/\S+)/,
    opts,
  );
  t.check(
    `the gateway listens on 0.0.0.0:${port}`,
    gateway.match[1] === `http://0.0.0.0:${port}`,
    gateway.match[1],
  );
  const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${gateway.child.pid}/status`, 'utf8'))?.[1];
  t.check(
    `the gateway runs as uid ${asRoot ? UID : process.getuid?.()}`,
    Number(uid) === (asRoot ? UID : process.getuid?.()),
  );
  const health = run(...asUser(stage.healthcheck.map(map)), opts);
  t.check('the HEALTHCHECK command passes', health.code === 0, health.stderr);
  if (key) {
    const without = await fetch(`http://127.0.0.1:${port}/v1/models`);
    t.check('a request without the key is refused (401)', without.status === 401, String(without.status));
    const withKey = await fetch(`http://127.0.0.1:${port}/v1/models`, {
      headers: { authorization: `Bearer ${key}` },
    });
    t.check('a request with the key is served', withKey.ok, String(withKey.status));
  } else {
    const models = await fetch(`http://127.0.0.1:${port}/v1/models`);
    t.check('the gateway serves /v1/models', models.ok, String(models.status));
  }
  t.check('SIGTERM stops the gateway with exit code 0', (await stop(gateway.child)) === 0, gateway.output());
  gateway = undefined;

  const files = readdirSync(at('/data'));
  const bad = files.filter((f) => {
    const s = statSync(join(at('/data'), f));
    return (asRoot && s.uid !== UID) || (s.mode & 0o077) !== 0;
  });
  t.check(
    `files in /data belong to the user and are private (${files.join(', ')})`,
    bad.length === 0,
    bad.join(' '),
  );
  const healthDown = run(...asUser(stage.healthcheck.map(map)), opts);
  t.check('the HEALTHCHECK command fails once the gateway is down', healthDown.code !== 0);
} catch (err) {
  t.check('the runtime stage runs', false, String(err?.stack ?? err));
} finally {
  if (gateway) await stop(gateway.child);
  if (emulator) await stop(emulator.child);
  rmSync(scratch, { recursive: true, force: true });
}
t.finish();
