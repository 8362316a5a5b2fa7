// `start --claude-code`: a ready-to-run Claude Code launch command for the user's shell, copied
// to the clipboard when a clipboard tool exists (printed either way).
import { spawn } from 'node:child_process';

export type ShellKind = 'bash' | 'zsh' | 'fish' | 'powershell' | 'cmd';
export const SHELLS: readonly ShellKind[] = ['bash', 'zsh', 'fish', 'powershell', 'cmd'];

export function detectShell(env: Record<string, string | undefined>, platform = process.platform): ShellKind {
  const sh = (env.SHELL ?? '').split('/').pop() ?? '';
  if (sh === 'zsh' || sh === 'fish' || sh === 'bash') return sh;
  if (platform === 'win32') return env.PSModulePath ? 'powershell' : 'cmd';
  return 'bash';
}

const posixQuote = (v: string) => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

export function launchCommand(vars: Record<string, string>, shell: ShellKind, command = 'claude'): string {
  const entries = Object.entries(vars);
  switch (shell) {
    case 'bash':
    case 'zsh':
      return `${entries.map(([k, v]) => `${k}=${posixQuote(v)}`).join(' ')} ${command}`;
    case 'fish':
      return `env ${entries.map(([k, v]) => `${k}=${posixQuote(v)}`).join(' ')} ${command}`;
    case 'powershell':
      return `${entries.map(([k, v]) => `$env:${k}="${v.replace(/[`"$]/g, '`$&')}"`).join('; ')}; ${command}`;
    case 'cmd':
      return `${entries.map(([k, v]) => `set "${k}=${v}"`).join(' && ')} && ${command}`;
  }
}

/** Clipboard tools tried in order; the first that runs wins. */
const CLIPBOARD: Array<[string, string[]]> = [
  ['pbcopy', []],
  ['wl-copy', []],
  ['xclip', ['-selection', 'clipboard']],
  ['xsel', ['--clipboard', '--input']],
  ['clip.exe', []],
  ['clip', []],
];

function tryCopy(cmd: string, args: string[], text: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}

/** Copies to the clipboard; returns the tool used, or undefined when none is available. */
export async function copyToClipboard(text: string, tools = CLIPBOARD): Promise<string | undefined> {
  for (const [cmd, args] of tools) if (await tryCopy(cmd, args, text)) return cmd;
  return undefined;
}
