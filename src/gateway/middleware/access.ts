// What a route requires from the caller. The route table (app.ts) sets it per route.
// - public: nothing (health checks, the HEAD / probe);
// - read: an inference key once keys exist, no rate limits (model lists);
// - inference: an inference key once keys exist, per-key and global rate limits, manual approval;
// - admin-read / admin-write: a key with that scope (admin:write implies admin:read) or the admin
//   session; before any key exists, loopback clients only.
export type RouteAccess = 'public' | 'read' | 'inference' | 'admin-read' | 'admin-write';

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
