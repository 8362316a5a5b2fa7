import { describe, expect, it } from 'vitest';
import { detectCommand, hintingIO, rewriteHints } from './invocation.js';
import { memoryIO } from './io.js';

const cwd = '/home/mona/src/copilot-gateway';

describe('detectCommand', () => {
  it('uses COPILOT_GATEWAY_COMMAND when set (Docker, services)', () => {
    const env = { COPILOT_GATEWAY_COMMAND: 'docker compose run --rm gateway', npm_command: 'exec' };
    expect(detectCommand({ argv1: '/app/dist/main.js', env, cwd: '/app' })).toBe(
      'docker compose run --rm gateway',
    );
  });

  it('says npx copilot-gateway under npx and under npm scripts', () => {
    const argv1 = '/root/.npm/_npx/abc/node_modules/.bin/copilot-gateway';
    const PATH = '/root/.npm/_npx/abc/node_modules/.bin:/usr/bin';
    expect(detectCommand({ argv1, env: { npm_command: 'exec', PATH }, cwd })).toBe('npx copilot-gateway');
    expect(detectCommand({ argv1: `${cwd}/dist/main.js`, env: { npm_lifecycle_event: 'start' }, cwd })).toBe(
      'npx copilot-gateway',
    );
  });

  it('says copilot-gateway for an installed bin on PATH, else its full path', () => {
    const argv1 = '/usr/local/bin/copilot-gateway';
    expect(detectCommand({ argv1, env: { PATH: '/usr/bin:/usr/local/bin' }, cwd })).toBe('copilot-gateway');
    expect(detectCommand({ argv1: '/opt/cg/bin/copilot-gateway', env: { PATH: '/usr/bin' }, cwd })).toBe(
      '/opt/cg/bin/copilot-gateway',
    );
  });

  it('says node <path> for the built entry, relative when below the current directory', () => {
    expect(detectCommand({ argv1: `${cwd}/dist/main.js`, env: {}, cwd })).toBe('node dist/main.js');
    expect(detectCommand({ argv1: `${cwd}/dist/main.js`, env: {}, cwd: '/tmp' })).toBe(
      `node ${cwd}/dist/main.js`,
    );
    expect(detectCommand({ argv1: `${cwd}/src/main.ts`, env: {}, cwd })).toBe('npx tsx src/main.ts');
  });
});

describe('rewriteHints', () => {
  const subs = ['start', 'auth', 'usage'];

  it('replaces the command before a subcommand only', () => {
    const text = [
      'run `copilot-gateway auth` again',
      'Usage: copilot-gateway start [options]',
      'copilot-gateway is listening on http://127.0.0.1:4141',
      '  model_provider = "copilot-gateway"',
      '  copilot-gateway start --github-url x',
    ].join('\n');
    expect(rewriteHints(text, 'npx copilot-gateway', subs)).toBe(
      [
        'run `npx copilot-gateway auth` again',
        'Usage: npx copilot-gateway start [options]',
        'copilot-gateway is listening on http://127.0.0.1:4141',
        '  model_provider = "copilot-gateway"',
        '  npx copilot-gateway start --github-url x',
      ].join('\n'),
    );
  });

  it('leaves unknown words and the plain bin name alone', () => {
    expect(rewriteHints('copilot-gateway authors', 'x', subs)).toBe('copilot-gateway authors');
    expect(rewriteHints('`copilot-gateway auth`', 'copilot-gateway', subs)).toBe('`copilot-gateway auth`');
  });

  it('hintingIO rewrites both streams', () => {
    const mem = memoryIO();
    const io = hintingIO(mem, 'docker compose run --rm gateway', () => subs);
    io.out('`copilot-gateway usage`');
    io.err('run `copilot-gateway auth`');
    expect(mem.stdout).toEqual(['`docker compose run --rm gateway usage`']);
    expect(mem.stderr).toEqual(['run `docker compose run --rm gateway auth`']);
  });
});
