// /admin/api/status: what the dashboard shows — version, uptime, health (from the accounts' states),
// requests and errors in the last hour and credits this month (the usage log), and each account's
// state with its session and weekly limits.
import { z } from 'zod';
import { packageVersion } from '../../cli/debug.js';
import { accountViewSchema, accountViews } from '../accounts/views.js';
import { adminRoute } from '../api/define.js';
import { totalsOf, totalsSchema } from '../usage/totals.js';

const HOUR_MS = 3_600_000;

const dashboardAccount = accountViewSchema.pick({
  id: true,
  label: true,
  login: true,
  enabled: true,
  state: true,
  cooldownUntil: true,
  reason: true,
  limits: true,
});

export const statusRoutes = [
  adminRoute({
    method: 'GET',
    path: '/admin/api/status',
    access: 'admin-read',
    summary: 'The dashboard: version, uptime, health, the last hour, this month, every account',
    response: z.object({
      version: z.string(),
      startedAt: z.number(),
      uptimeSec: z.number(),
      health: z
        .enum(['ok', 'degraded', 'down'])
        .describe('ok: every enabled account is active; degraded: some are; down: none is'),
      inflight: z.number().describe('requests being handled'),
      upstreamInflight: z.number().describe('requests talking to Copilot'),
      lastHour: totalsSchema.describe(
        'requests of the last 60 minutes, admin API and health checks left out',
      ),
      month: totalsSchema
        .extend({ since: z.number().describe('start of the UTC month, epoch ms') })
        .describe('from the daily rollups: every route'),
      accounts: z.array(dashboardAccount),
    }),
    handle: async (rc) => {
      const { ctx } = rc;
      const now = Date.now();
      await ctx.usage.usageLog.writer.flush();
      const d = new Date(now);
      const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      const [hour, month, accounts] = await Promise.all([
        // Inference and model lists, not the admin API's own calls (the dashboard polls it).
        ctx.usage.repo.summary('hour', { sinceMs: now - HOUR_MS, excludeIngress: ['other'] }),
        ctx.usage.repo.summary('day', { sinceMs: monthStart }),
        accountViews(ctx),
      ]);
      const enabled = accounts.filter((a) => a.enabled);
      const active = enabled.filter((a) => a.state === 'active').length;
      const health = active === 0 ? 'down' : active === enabled.length ? 'ok' : 'degraded';
      return {
        body: {
          version: packageVersion(),
          startedAt: ctx.admin.startedAt,
          uptimeSec: Math.floor((now - ctx.admin.startedAt) / 1000),
          health,
          inflight: ctx.load.inflight,
          upstreamInflight: ctx.admission.inflight,
          lastHour: totalsOf(hour),
          month: { since: monthStart, ...totalsOf(month) },
          // Only the dashboard's fields (the schema strips the rest of each view).
          accounts: accounts.map((a) => dashboardAccount.parse(a)),
        },
      };
    },
  }),
];
