// The admin API's view of the accounts: what the store holds (never the token), the state the
// pool judges (active, cooling, failing, disabled), the limits Copilot's headers reported and the
// copilot_internal/user quota the usage services fetch on their schedule.
import { z } from 'zod';
import type { GatewayContext } from '../../gateway/context.js';
import type { AccountLimits } from '../../store/accounts/types.js';

const window = z.object({
  remaining: z.number().optional().describe('percent left'),
  resetAt: z.number().optional().describe('epoch ms'),
});

export const limitsSchema = z.object({
  session: window.optional(),
  weekly: window.optional(),
  premium: window.optional(),
  seenAt: z.number().describe('epoch ms of the answer they were read from'),
});

export const accountStateSchema = z.enum(['active', 'cooling', 'failing', 'disabled']);

export const quotaSchema = z.object({
  plan: z.string().optional(),
  resetDate: z.string().optional().describe('ISO date'),
  fetchedAt: z.number().optional(),
  error: z.string().optional().describe('the last fetch failure (the previous figures are kept)'),
  snapshots: z.record(
    z.string(),
    z.object({
      entitlement: z.number().optional(),
      remaining: z.number().optional(),
      percentRemaining: z.number().optional(),
      unlimited: z.boolean().optional(),
    }),
  ),
});

export const accountViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  login: z.string(),
  kind: z.enum(['oauth', 'pat', 'app']),
  githubUrl: z.string(),
  accountType: z.string().optional(),
  copilotApiUrl: z.string().optional(),
  enabled: z.boolean(),
  priority: z.number(),
  proxyUrl: z.string().optional(),
  createdAt: z.number(),
  served: z.number(),
  state: accountStateSchema,
  cooldownUntil: z.number().optional(),
  reason: z.string().optional(),
  limits: limitsSchema.optional(),
  quota: quotaSchema.optional(),
});

export type AccountView = z.infer<typeof accountViewSchema>;

function limitsView(l: AccountLimits | undefined): AccountView['limits'] {
  return l ? { session: l.session, weekly: l.weekly, premium: l.premium, seenAt: l.seenAt } : undefined;
}

function quotaView(ctx: GatewayContext, id: string): AccountView['quota'] {
  const q = ctx.usage.quota.view(id);
  if (!q.user && !q.userError) return undefined;
  const snapshots: NonNullable<AccountView['quota']>['snapshots'] = {};
  for (const [pool, s] of Object.entries(q.user?.quota_snapshots ?? {})) {
    if (!s) continue;
    snapshots[pool] = {
      entitlement: s.entitlement,
      remaining: s.remaining ?? s.quota_remaining,
      percentRemaining: s.percent_remaining,
      unlimited: s.unlimited,
    };
  }
  return {
    plan: q.user?.copilot_plan,
    resetDate: q.user?.quota_reset_date_utc ?? q.user?.quota_reset_date,
    fetchedAt: q.userAt,
    error: q.userError,
    snapshots,
  };
}

/** Every account in priority order, with its live state. */
export async function accountViews(ctx: GatewayContext): Promise<AccountView[]> {
  const [accounts, states, pooled] = await Promise.all([
    ctx.store.accounts.list(),
    ctx.store.accounts.states(),
    ctx.pool.usage(),
  ]);
  const stateOf = new Map(states.map((s) => [s.accountId, s]));
  const poolOf = new Map(pooled.map((p) => [p.id, p]));
  return accounts
    .map((a): AccountView => {
      const p = poolOf.get(a.id);
      const s = stateOf.get(a.id);
      return {
        id: a.id,
        label: a.label,
        login: a.login,
        kind: a.kind,
        githubUrl: a.githubUrl,
        accountType: a.accountType,
        copilotApiUrl: a.copilotApiUrl,
        enabled: a.enabled,
        priority: a.priority,
        proxyUrl: a.proxyUrl,
        createdAt: a.createdAt,
        served: s?.served ?? 0,
        state: p?.state ?? (a.enabled ? 'active' : 'disabled'),
        cooldownUntil: p?.cooldownUntil ? Date.parse(p.cooldownUntil) : undefined,
        reason: p?.reason,
        limits: limitsView(p?.limits ?? s?.limits),
        quota: quotaView(ctx, a.id),
      };
    })
    .sort((x, y) => x.priority - y.priority || x.createdAt - y.createdAt);
}

export async function accountView(ctx: GatewayContext, id: string): Promise<AccountView | undefined> {
  return (await accountViews(ctx)).find((a) => a.id === id);
}
