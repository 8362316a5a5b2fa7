// Token redaction for logs. GitHub tokens (ghu_, gho_, ghp_, github_pat_...), Copilot tokens
// (`tid=...;exp=...:sig`), bearer headers and our own gateway keys never reach a log line.

const PATTERNS: RegExp[] = [
  /\b(gh[opusr]_)[A-Za-z0-9_]{8,}/g,
  /\b(github_pat_)[A-Za-z0-9_]{8,}/g,
  /\b(tid=)[^\s"',]+/g,
  /\b(cgw_)[A-Za-z0-9_-]{8,}/g,
  /\b(sk-ant-)[A-Za-z0-9_-]{8,}/g,
  /((?:x-api-key|x-goog-api-key)"?\s*[:=]\s*"?)[^\s",]{8,}/gi,
  /((?:[Bb]earer|token)\s+)[A-Za-z0-9._~+/=;:-]{12,}/g,
  /("(?:token|access_token|github_token|api_key|apiKey|githubToken|anthropicApiKey)"\s*:\s*")[^"]+/g,
];

/** One cheap test for every pattern's anchor: most lines (the access log's) have none. */
const ANCHORS = /gh[opusr]_|github_pat_|tid=|cgw_|sk-ant-|api-key|bearer|token|api_?key|anthropicapikey/i;

export function redactSecrets(text: string): string {
  if (!ANCHORS.test(text)) return text;
  let out = text;
  for (const re of PATTERNS) out = out.replace(re, '$1[redacted]');
  return out;
}

/** Shows the first and last few characters of a secret, for `debug` output. */
export function maskSecret(secret: string): string {
  if (secret.length <= 10) return '*'.repeat(secret.length);
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}
