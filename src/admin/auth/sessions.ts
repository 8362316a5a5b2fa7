// Admin sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure behind HTTPS),
// a CSRF token the UI echoes in `x-csrf-token` on every state-changing request, and a TTL.
// Only the SHA-256 of the session token is kept (in memory: a restart signs everyone out).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'gw_admin';

export interface AdminSession {
  csrfToken: string;
  expiresAt: number;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export class AdminSessions {
  private readonly sessions = new Map<string, AdminSession>();
  constructor(
    readonly ttlSec: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(): { token: string; session: AdminSession } {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    const session = {
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: this.now() + this.ttlSec * 1000,
    };
    this.sessions.set(digest(token), session);
    return { token, session };
  }

  /** The live session named by the request's cookie, if any. */
  fromRequest(req: IncomingMessage): AdminSession | undefined {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!token) return undefined;
    const id = digest(token);
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  destroy(req: IncomingMessage): void {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) this.sessions.delete(digest(token));
  }

  /** Ends every session (the password changed). */
  clear(): void {
    this.sessions.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}

export function csrfMatches(session: AdminSession, req: IncomingMessage): boolean {
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sessionCookie(token: string, ttlSec: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${ttlSec}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** Whether the client reached us over HTTPS (directly, or through a proxy that says so). */
export function isHttps(req: IncomingMessage): boolean {
  return (
    (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https'
  );
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
