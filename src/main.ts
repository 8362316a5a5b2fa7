#!/usr/bin/env node
// copilot-gateway command-line entry. Everything lives in ./cli; this file only binds it to the process.
import { detectCommand } from './cli/invocation.js';
import { processIO } from './cli/io.js';
import { buildProgram } from './cli/program.js';

const program = buildProgram({
  io: processIO,
  env: process.env,
  exit: (code) => {
    process.exitCode = code;
    // Let stdout drain before leaving; a pending keep-alive socket must not hold the process.
    setImmediate(() => process.exit(code));
  },
  handleSignals: true,
  command: detectCommand({ argv1: process.argv[1], env: process.env, cwd: process.cwd() }),
});

await program.parseAsync(process.argv);
