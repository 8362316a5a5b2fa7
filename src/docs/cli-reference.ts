// The README's command reference, generated from the commander program itself, so a flag added in
// src/cli/program.ts shows up in the README when `npm run docs` runs (a test fails until it does).
import type { Command, Option } from 'commander';
import { table } from './markdown.js';

function optionText(option: Option): string {
  let text = option.description;
  if (option.argChoices) text += ` (one of: ${option.argChoices.map((c) => `\`${c}\``).join(', ')})`;
  if (option.defaultValue !== undefined) text += ` (default: \`${String(option.defaultValue)}\`)`;
  return text;
}

function commandSection(command: Command, bin: string): string {
  const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
  const usage = [bin, command.name(), ...args].join(' ');
  const parts = [`#### \`${usage}\``, '', `${command.description()}.`];
  const options = command.options.filter((o) => !o.hidden);
  if (options.length > 0) {
    parts.push(
      '',
      table(
        ['flag', 'what'],
        options.map((o) => [`\`${o.flags}\``, optionText(o)]),
      ),
    );
  }
  // Nested subcommands (e.g. `accounts add`) get their own sections, named in full.
  for (const sub of command.commands) parts.push('', commandSection(sub, `${bin} ${command.name()}`));
  return parts.join('\n');
}

export function renderCliReference(program: Command): string {
  const bin = program.name();
  const overview = table(
    ['command', 'what'],
    program.commands.map((c) => [`\`${bin} ${c.name()}\``, c.description()]),
  );
  return [
    overview,
    '',
    `\`${bin} --help\` and \`${bin} <command> --help\` print the same from the program itself.`,
    '',
    ...program.commands.map((c) => commandSection(c, bin)).flatMap((s) => [s, '']),
  ]
    .join('\n')
    .trimEnd();
}
