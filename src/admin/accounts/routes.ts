// /admin/api/accounts: list, add by token, add by device flow (start, then poll), change, remove,
// reorder. Every change goes through the functions the `accounts` CLI uses (addAccount,
// upstream/accounts/manage.ts) and reaches the running pool on its next request.
import { z } from 'zod';
import { GatewayError, isGatewayError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../../gateway/context.js';
import { addAccount } from '../../github/sign-in/add-account.js';
import {
  proxyUrlProblem,
  removeAccount,
  reorderAccounts,
  setAccountEnabled,
} from '../../upstream/accounts/manage.js';
import { adminRoute } from '../api/define.js';
import { TooManyFlowsError } from './device-flows.js';
import { accountView, accountViewSchema, accountViews } from './views.js';

const proxyUrl = z
  .string()
  .superRefine((v, c) => {
    const problem = proxyUrlProblem(v);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  })
  .describe('outbound proxy for this account (http, https or socks URL)');
const label = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\s]+$/, 'no spaces');
const priority = z.number().int().min(-1_000_000).max(1_000_000).describe('lower is tried first');

const newAccountOptions = {
  label: label.optional(),
  priority: priority.optional(),
  proxyUrl: proxyUrl.optional(),
};

const accountsReply = z.object({ accounts: z.array(accountViewSchema) });
const accountReply = z.object({ account: accountViewSchema });

async function mustFind(ctx: GatewayContext, id: string) {
  const account = await ctx.store.accounts.find(id);
  if (!account || account.id !== id)
    throw new GatewayError(
      'not_found',
      `No account with the id "${id}"; GET /admin/api/accounts lists them`,
      {
        code: 'account_not_found',
      },
    );
  return account;
}

/** GitHub's refusal of a token is the caller's problem (400), not a failed admin sign-in (401). */
function signInError(err: unknown): GatewayError {
  if (isGatewayError(err) && (err.status === 401 || err.status === 403))
    return GatewayError.invalid(`GitHub did not accept this token: ${err.message}`, {
      param: 'token',
      code: 'token_rejected',
    });
  if (isGatewayError(err)) return new GatewayError('upstream', `Signing in failed: ${err.message}`);
  return GatewayError.from(err);
}

async function labelFree(ctx: GatewayContext, wanted: string | undefined, except?: string): Promise<void> {
  if (wanted === undefined) return;
  const holder = await ctx.store.accounts.find(wanted);
  if (holder && holder.id !== except)
    throw new GatewayError(
      'invalid_request',
      `An account labelled "${wanted}" exists already; choose another label`,
      {
        status: 409,
        param: 'label',
        code: 'label_taken',
      },
    );
}

const flowStart = z.object({
  flowId: z.string(),
  userCode: z.string().describe('what the user enters at verificationUri'),
  verificationUri: z.string(),
  expiresAt: z.number(),
  interval: z.number().describe('seconds between polls of GET /admin/api/accounts/device/{flowId}'),
});

const flowState = z.discriminatedUnion('status', [
  flowStart.omit({ flowId: true }).extend({ status: z.literal('pending') }),
  z.object({ status: z.literal('done'), account: accountViewSchema, added: z.boolean() }),
  z.object({ status: z.enum(['expired', 'denied', 'error']), message: z.string() }),
]);

export const accountRoutes = [
  adminRoute({
    method: 'GET',
    path: '/admin/api/accounts',
    access: 'admin-read',
    summary: 'Every account in priority order, with its state, limits and quota',
    response: accountsReply,
    handle: async (rc) => ({ body: { accounts: await accountViews(rc.ctx) } }),
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/api/accounts',
    access: 'admin-write',
    summary: 'Add an account from a GitHub token (checked against GitHub and Copilot first)',
    body: z.strictObject({ token: z.string().trim().min(1).max(4096), ...newAccountOptions }),
    response: accountReply.extend({ added: z.boolean() }),
    status: 201,
    handle: async (rc, { body }) => {
      await labelFree(rc.ctx, body.label);
      const a = rc.ctx.admin;
      const { account, added } = await addAccount(a.github, rc.ctx.store.accounts, {
        token: body.token,
        githubUrl: a.githubUrl,
        label: body.label,
        priority: body.priority,
        proxyUrl: body.proxyUrl,
      }).catch((err: unknown) => {
        throw signInError(err);
      });
      return { status: added ? 201 : 200, body: { account: await accountView(rc.ctx, account.id), added } };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/api/accounts/device',
    access: 'admin-write',
    summary: 'Start a GitHub device-flow sign-in; the gateway polls GitHub until it ends',
    body: z.strictObject(newAccountOptions),
    response: flowStart,
    status: 201,
    handle: async (rc, { body }) => {
      await labelFree(rc.ctx, body.label);
      const flow = await rc.ctx.admin.deviceFlows.start(body).catch((err: unknown) => {
        if (err instanceof TooManyFlowsError)
          throw new GatewayError(
            'rate_limit',
            'Too many device sign-ins are waiting; finish or cancel one first',
            {
              code: 'too_many_device_flows',
              retryAfter: 60,
            },
          );
        throw signInError(err);
      });
      const { id, userCode, verificationUri, expiresAt, interval } = flow;
      return { status: 201, body: { flowId: id, userCode, verificationUri, expiresAt, interval } };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/api/accounts/device/{flowId}',
    access: 'admin-read',
    summary: 'Where a device-flow sign-in stands: pending, done (with the account), expired, denied, error',
    response: flowState,
    handle: async (rc, { params }) => {
      const flow = rc.ctx.admin.deviceFlows.get(params.flowId);
      if (!flow)
        throw new GatewayError(
          'not_found',
          'No such device sign-in (it may have ended more than 10 minutes ago); start a new one',
          {
            code: 'flow_not_found',
          },
        );
      if (flow.status === 'pending') {
        const { userCode, verificationUri, expiresAt, interval } = flow;
        return { body: { status: 'pending', userCode, verificationUri, expiresAt, interval } };
      }
      if (flow.status === 'done' && flow.account) {
        const account = await accountView(rc.ctx, flow.account.id);
        if (account) return { body: { status: 'done', account, added: flow.added ?? true } };
        return { body: { status: 'error', message: 'The account was removed since it signed in' } };
      }
      return { body: { status: flow.status, message: flow.message ?? flow.status } };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/admin/api/accounts/device/{flowId}',
    access: 'admin-write',
    summary: 'Cancel a device-flow sign-in',
    response: z.object({ cancelled: z.boolean() }),
    handle: async (rc, { params }) => {
      if (!rc.ctx.admin.deviceFlows.cancel(params.flowId))
        throw new GatewayError('not_found', 'No such device sign-in', { code: 'flow_not_found' });
      return { body: { cancelled: true } };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/api/accounts/reorder',
    access: 'admin-write',
    summary: 'Set the priorities: every account id once, the first is tried first',
    body: z.strictObject({ ids: z.array(z.string().min(1)).min(1).max(1000) }),
    response: accountsReply,
    handle: async (rc, { body }) => {
      const all = await rc.ctx.store.accounts.list();
      const known = new Set(all.map((a) => a.id));
      const given = new Set(body.ids);
      const unknown = body.ids.filter((id) => !known.has(id));
      if (unknown.length > 0)
        throw GatewayError.invalid(`ids: unknown account ${unknown.map((id) => `"${id}"`).join(', ')}`, {
          param: 'ids',
        });
      if (given.size !== body.ids.length)
        throw GatewayError.invalid('ids: an id appears twice', { param: 'ids' });
      const missing = all.filter((a) => !given.has(a.id)).map((a) => a.id);
      if (missing.length > 0)
        throw GatewayError.invalid(`ids: every account must be listed once; missing ${missing.join(', ')}`, {
          param: 'ids',
        });
      await reorderAccounts(rc.ctx.store, body.ids);
      return { body: { accounts: await accountViews(rc.ctx) } };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/admin/api/accounts/{id}',
    access: 'admin-write',
    summary: 'Enable or disable an account, change its priority, label or proxy (null removes the proxy)',
    body: z
      .strictObject({
        enabled: z.boolean().optional(),
        priority: priority.optional(),
        label: label.optional(),
        proxyUrl: proxyUrl.nullable().optional(),
      })
      .refine((b) => Object.keys(b).length > 0, {
        message: 'send at least one of enabled, priority, label, proxyUrl',
      }),
    response: accountReply,
    handle: async (rc, { params, body }) => {
      const account = await mustFind(rc.ctx, params.id);
      await labelFree(rc.ctx, body.label, account.id);
      const { enabled, ...rest } = body;
      // '' removes the proxy (the store leaves undefined fields unchanged).
      await rc.ctx.store.accounts.update(account.id, {
        ...rest,
        proxyUrl: body.proxyUrl === null ? '' : body.proxyUrl,
      });
      if (enabled !== undefined) await setAccountEnabled(rc.ctx.store, account.id, enabled);
      return { body: { account: await accountView(rc.ctx, account.id) } };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/admin/api/accounts/{id}',
    access: 'admin-write',
    summary: 'Remove an account (and the conversations bound to it)',
    response: z.object({ removed: z.boolean(), id: z.string() }),
    handle: async (rc, { params }) => {
      const account = await mustFind(rc.ctx, params.id);
      await removeAccount(rc.ctx.store, account.id);
      return { body: { removed: true, id: account.id } };
    },
  }),
];
