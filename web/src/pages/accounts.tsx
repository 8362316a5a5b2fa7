// Accounts: the pool in priority order, each with its state, limits and quota; enable/disable,
// move up/down (the order is the priority), outbound proxy, remove; and adding one.
import { useState } from 'preact/hooks';
import type { AccountView } from '../api/types.js';
import { AccountState, LimitWindows } from '../components/account-state.js';
import { Field } from '../components/field.js';
import { ErrorBox, Loaded } from '../components/status.js';
import { useApp } from '../context.js';
import { formatDateTime, formatInt, formatNumber } from '../format.js';
import { useResource } from '../use-resource.js';
import { useSubmit } from '../use-submit.js';
import { AddAccount } from './accounts-add.js';

function Quota({ a }: { a: AccountView }) {
  const { t } = useApp();
  if (!a.quota) return null;
  if (a.quota.error) return <p class="muted">{t('accounts.quotaError', { error: a.quota.error })}</p>;
  const pools = Object.entries(a.quota.snapshots);
  return (
    <div class="quota">
      <p>
        {a.quota.plan && <>{t('accounts.plan', { plan: a.quota.plan })} · </>}
        {a.quota.resetDate && t('accounts.quotaResets', { date: a.quota.resetDate })}
      </p>
      {pools.length > 0 && (
        <ul>
          {pools.map(([name, s]) => (
            <li key={name}>
              {name}:{' '}
              {s.unlimited
                ? t('accounts.unlimited')
                : t('accounts.remaining', {
                    remaining: formatInt(s.remaining),
                    entitlement: formatInt(s.entitlement),
                    percent: formatNumber(s.percentRemaining),
                  })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ProxyEditor({ a, onSaved }: { a: AccountView; onSaved: () => void }) {
  const { t, api } = useApp();
  const [value, setValue] = useState(a.proxyUrl ?? '');
  const submit = useSubmit();
  return (
    <form
      class="inline"
      onSubmit={(e) => {
        e.preventDefault();
        submit.run(async () => {
          await api.patch(`/admin/api/accounts/${encodeURIComponent(a.id)}`, {
            proxyUrl: value.trim() || null,
          });
          onSaved();
        });
      }}
    >
      <Field label={t('accounts.proxy')} error={submit.error?.message}>
        {(p) => (
          <input
            {...p}
            type="url"
            placeholder="http://proxy:3128"
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={submit.busy}>
        {t('common.save')}
      </button>
    </form>
  );
}

function AccountCard({
  a,
  index,
  count,
  move,
  reload,
}: {
  a: AccountView;
  index: number;
  count: number;
  move: (from: number, to: number) => void;
  reload: () => void;
}) {
  const { t, api } = useApp();
  const submit = useSubmit();
  const name = a.login || a.label;
  const path = `/admin/api/accounts/${encodeURIComponent(a.id)}`;
  return (
    <li class="card" aria-label={name}>
      <div class="card-head">
        <h3>
          {name} {a.label && a.label !== a.login && <span class="muted">({a.label})</span>}
        </h3>
        <AccountState a={a} />
      </div>
      <dl class="facts">
        <dt>{t('accounts.kind')}</dt>
        <dd>{a.kind}</dd>
        <dt>{t('accounts.host')}</dt>
        <dd>{a.copilotApiUrl ?? a.githubUrl}</dd>
        <dt>{t('accounts.priority')}</dt>
        <dd>{index + 1}</dd>
        <dt>{t('accounts.served')}</dt>
        <dd>{formatInt(a.served)}</dd>
        <dt>{t('accounts.createdAt')}</dt>
        <dd>{formatDateTime(a.createdAt)}</dd>
        <dt>{t('accounts.limits')}</dt>
        <dd>
          <LimitWindows limits={a.limits} />
        </dd>
      </dl>
      <Quota a={a} />
      <div class="actions">
        <button
          type="button"
          disabled={submit.busy}
          onClick={() =>
            submit.run(async () => {
              await api.patch(path, { enabled: !a.enabled });
              reload();
            })
          }
        >
          {a.enabled ? t('accounts.disable') : t('accounts.enable')}
        </button>
        <button
          type="button"
          disabled={index === 0}
          aria-label={t('accounts.moveUp', { name })}
          onClick={() => move(index, index - 1)}
        >
          ↑
        </button>
        <button
          type="button"
          disabled={index === count - 1}
          aria-label={t('accounts.moveDown', { name })}
          onClick={() => move(index, index + 1)}
        >
          ↓
        </button>
        <button
          type="button"
          class="danger"
          disabled={submit.busy}
          onClick={() => {
            if (confirm(t('accounts.confirmRemove', { name })))
              submit.run(async () => {
                await api.delete(path);
                reload();
              });
          }}
        >
          {t('accounts.remove')}
        </button>
      </div>
      <details>
        <summary>{t('accounts.proxy')}</summary>
        <ProxyEditor a={a} onSaved={reload} />
      </details>
      {submit.error && <ErrorBox error={submit.error} />}
    </li>
  );
}

export function AccountsPage() {
  const { t, api } = useApp();
  const res = useResource(() => api.get<{ accounts: AccountView[] }>('/admin/api/accounts'), []);
  const reorder = useSubmit();
  const move = (list: AccountView[], from: number, to: number) => {
    const ids = list.map((a) => a.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id);
    reorder.run(async () => {
      await api.post('/admin/api/accounts/reorder', { ids });
      res.reload();
    });
  };
  return (
    <>
      <h1>{t('nav.accounts')}</h1>
      <Loaded res={res}>
        {({ accounts }) =>
          accounts.length === 0 ? (
            <p>{t('accounts.none')}</p>
          ) : (
            <ol class="cards">
              {accounts.map((a, i) => (
                <AccountCard
                  key={a.id}
                  a={a}
                  index={i}
                  count={accounts.length}
                  move={(from, to) => move(accounts, from, to)}
                  reload={res.reload}
                />
              ))}
            </ol>
          )
        }
      </Loaded>
      {reorder.error && <ErrorBox error={reorder.error} />}
      <section aria-labelledby="add-title">
        <h2 id="add-title">{t('accounts.add')}</h2>
        <AddAccount onAdded={res.reload} />
      </section>
    </>
  );
}
