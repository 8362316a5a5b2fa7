// `--manual`: a person allows or refuses each inference request at the terminal, one question at
// a time (requests queue in arrival order while one is being asked).
import { createInterface } from 'node:readline';

export type ManualApprover = (summary: string) => Promise<boolean>;

export function terminalApprover(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): ManualApprover {
  const rl = createInterface({ input, output, terminal: false });
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w(undefined);
  });
  const nextLine = () =>
    new Promise<string | undefined>((resolve) => {
      const l = lines.shift();
      if (l !== undefined) resolve(l);
      else if (closed) resolve(undefined);
      else waiting.push(resolve);
    });
  let queue: Promise<unknown> = Promise.resolve();
  return (summary) => {
    const asked = queue.then(async () => {
      for (;;) {
        output.write(`Allow ${summary}? [y/n] `);
        const answer = (await nextLine())?.trim().toLowerCase();
        if (answer === undefined) return false; // no terminal left to ask: refuse
        if (answer === 'y' || answer === 'yes') return true;
        if (answer === 'n' || answer === 'no') return false;
      }
    });
    queue = asked.catch(() => false);
    return asked;
  };
}
