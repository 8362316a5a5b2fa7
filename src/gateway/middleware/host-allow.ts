// DNS-rebinding guard. A page on evil.example whose name is re-pointed at 127.0.0.1 reaches the
// gateway with `Host: evil.example`; refusing unknown Host names stops it reading answers. Allowed:
// loopback names (localhost, *.localhost), any IP literal (a rebinding attack needs a DNS name, so
// an IP literal cannot come from one; this keeps `--host 0.0.0.0` usable by address), the bound
// host, and the configured `allowedHosts`.
import { isIP } from 'node:net';

export function createHostAllowList(
  boundHost: string,
  allowedHosts: readonly string[],
): (host: string | undefined) => boolean {
  const names = new Set(['localhost', boundHost.toLowerCase(), ...allowedHosts.map((h) => h.toLowerCase())]);
  return (host) => {
    // HTTP/1.0 without Host is not a browser; nothing to rebind.
    if (host === undefined || host === '') return true;
    const name = hostName(host);
    if (name === undefined) return false;
    if (names.has(name) || name.endsWith('.localhost')) return true;
    return isIP(name) !== 0;
  };
}

/** The host part of a Host header, lower-cased, without port or IPv6 brackets. */
export function hostName(host: string): string | undefined {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(1, end) : undefined;
  }
  const colon = h.indexOf(':');
  const name = (colon === -1 ? h : h.slice(0, colon)).replace(/\.$/, '');
  return name || undefined;
}
