// Markdown helpers for the generated reference sections.

/**
 * A table cell: pipes escaped, line breaks folded, and `<` outside code spans escaped (else
 * `<host>` would be read as an HTML tag and vanish), so one value never breaks the table.
 */
export function cell(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replace(/</g, '&lt;') : part))
    .join('`')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

export function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}
