// Keys: create (the key shown once, with a copy button), revoke, limits and allowed models.
import { useState } from 'preact/hooks';
import type { ApiKey, KeyLimits, KeyScope } from '../api/types.js';
import { CopyButton } from '../components/copy-button.js';
import { Field } from '../components/field.js';
import { ErrorBox, Loaded, Notice } from '../components/status.js';
import { useApp } from '../context.js';
import { formatDateTime, formatNumber, fromLocalInput } from '../format.js';
import { useResource } from '../use-resource.js';
import { useSubmit } from '../use-submit.js';

const SCOPES: KeyScope[] = ['inference', 'admin:read', 'admin:write'];
const LIMITS: (keyof KeyLimits)[] = ['rpm', 'concurrent', 'tpm', 'dailyCredits', 'monthlyCredits'];

/** Comma- or line-separated model globs; blanks dropped. */
export function parseModels(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The typed limits as numbers; blanks left out. */
export function limitsFrom(values: Record<string, string>): KeyLimits {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => [k, Number(v)]),
  );
}

function LimitFields({
  values,
  onChange,
}: {
  values: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
}) {
  const { t } = useApp();
  return (
    <fieldset class="grid">
      <legend>{t('keys.limits')}</legend>
      {LIMITS.map((l) => (
        <Field key={l} label={t(`limit.${l}`)}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={l.endsWith('Credits') ? 0.01 : 1}
              step={l.endsWith('Credits') ? 0.01 : 1}
              inputMode="decimal"
              value={values[l] ?? ''}
              onInput={(e) => onChange({ ...values, [l]: e.currentTarget.value })}
            />
          )}
        </Field>
      ))}
    </fieldset>
  );
}

/** Changes an active key's allowed models and limits (PATCH; the next request sees it). */
function EditKey({ k, onSaved }: { k: ApiKey; onSaved: () => void }) {
  const { t, api } = useApp();
  const [models, setModels] = useState(k.models.join(', '));
  const [limits, setLimits] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(k.limits).map(([l, v]) => [l, String(v)])),
  );
  const submit = useSubmit();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit.run(async () => {
          await api.patch(`/admin/api/keys/${encodeURIComponent(k.id)}`, {
            models: parseModels(models),
            limits: limitsFrom(limits),
          });
          onSaved();
        });
      }}
    >
      <Field label={t('keys.models')} hint={t('keys.modelsHint')}>
        {(p) => <input {...p} value={models} onInput={(e) => setModels(e.currentTarget.value)} />}
      </Field>
      <LimitFields values={limits} onChange={setLimits} />
      {submit.error && <ErrorBox error={submit.error} />}
      <button type="submit" class="primary" disabled={submit.busy}>
        {t('common.save')}
      </button>
    </form>
  );
}

function CreateKey({ onCreated }: { onCreated: (k: ApiKey & { key: string }) => void }) {
  const { t, api } = useApp();
  const [name, setName] = useState('');
  const [models, setModels] = useState('');
  const [scopes, setScopes] = useState<KeyScope[]>(['inference']);
  const [limits, setLimits] = useState<Record<string, string>>({});
  const [expires, setExpires] = useState('');
  const submit = useSubmit();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit.run(async () => {
          const lim = limitsFrom(limits);
          const created = await api.post<ApiKey & { key: string }>('/admin/api/keys', {
            name: name.trim(),
            ...(parseModels(models).length ? { models: parseModels(models) } : {}),
            scopes,
            ...(Object.keys(lim).length ? { limits: lim } : {}),
            ...(fromLocalInput(expires) ? { expiresAt: fromLocalInput(expires) } : {}),
          });
          setName('');
          onCreated(created);
        });
      }}
    >
      <Field label={t('keys.name')} error={submit.fieldError('name')}>
        {(p) => (
          <input
            {...p}
            required
            maxLength={100}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label={t('keys.models')} hint={t('keys.modelsHint')}>
        {(p) => (
          <input
            {...p}
            value={models}
            placeholder="gpt-5*, claude-*"
            onInput={(e) => setModels(e.currentTarget.value)}
          />
        )}
      </Field>
      <fieldset>
        <legend>{t('keys.scopes')}</legend>
        {SCOPES.map((s) => (
          <label key={s} class="check">
            <input
              type="checkbox"
              checked={scopes.includes(s)}
              onChange={(e) =>
                setScopes(e.currentTarget.checked ? [...scopes, s] : scopes.filter((x) => x !== s))
              }
            />{' '}
            {t(`scope.${s}`)}
          </label>
        ))}
      </fieldset>
      <LimitFields values={limits} onChange={setLimits} />
      <Field label={t('keys.expires')} hint={t('keys.expiresHint')} error={submit.fieldError('expiresAt')}>
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            value={expires}
            onInput={(e) => setExpires(e.currentTarget.value)}
          />
        )}
      </Field>
      {submit.error && !submit.fieldError('name') && !submit.fieldError('expiresAt') && (
        <ErrorBox error={submit.error} />
      )}
      <button type="submit" class="primary" disabled={submit.busy || scopes.length === 0}>
        {t('keys.create')}
      </button>
    </form>
  );
}

function limitsText(l: KeyLimits, t: ReturnType<typeof useApp>['t']): string {
  const parts = LIMITS.filter((k) => l[k] !== undefined).map(
    (k) => `${t(`limit.${k}`)} ${formatNumber(l[k])}`,
  );
  return parts.length ? parts.join(' · ') : t('keys.noLimits');
}

function KeyRow({ k, onChanged }: { k: ApiKey; onChanged: () => void }) {
  const { t, api } = useApp();
  const submit = useSubmit();
  const status = k.revokedAt
    ? t('keys.revokedAt', { time: formatDateTime(k.revokedAt) })
    : k.expiresAt && k.expiresAt <= Date.now()
      ? t('keys.expired')
      : t('keys.active');
  return (
    <tr class={k.revokedAt ? 'revoked' : undefined}>
      <th scope="row">
        {k.name}
        <div class="muted">
          <code>{k.prefix}…</code>
        </div>
      </th>
      <td>{status}</td>
      <td>{k.scopes.map((s) => t(`scope.${s}`)).join(', ')}</td>
      <td>{k.models.length ? k.models.join(', ') : t('keys.allModels')}</td>
      <td>{limitsText(k.limits, t)}</td>
      <td>
        {formatDateTime(k.createdAt)}
        <div class="muted">{t('keys.lastUsed', { time: formatDateTime(k.lastUsedAt) })}</div>
      </td>
      <td>
        {!k.revokedAt && (
          <details class="edit">
            <summary>{t('keys.edit', { name: k.name })}</summary>
            <EditKey k={k} onSaved={onChanged} />
          </details>
        )}
        {!k.revokedAt && (
          <button
            type="button"
            class="danger"
            disabled={submit.busy}
            aria-label={t('keys.revokeNamed', { name: k.name })}
            onClick={() => {
              if (confirm(t('keys.confirmRevoke', { name: k.name })))
                submit.run(async () => {
                  await api.post('/admin/api/keys/revoke', { id: k.id });
                  onChanged();
                });
            }}
          >
            {t('keys.revoke')}
          </button>
        )}
        {submit.error && <ErrorBox error={submit.error} />}
      </td>
    </tr>
  );
}

export function KeysPage() {
  const { t, api, freshKeys } = useApp();
  const res = useResource(() => api.get<{ keys: ApiKey[] }>('/admin/api/keys'), []);
  const [created, setCreated] = useState<(ApiKey & { key: string }) | undefined>();
  return (
    <>
      <h1>{t('nav.keys')}</h1>
      {created && (
        <section class="once" aria-labelledby="new-key">
          <h2 id="new-key">{t('keys.createdTitle', { name: created.name })}</h2>
          <Notice kind="warn">{t('keys.shownOnce')}</Notice>
          <p class="secret">
            <code data-testid="new-key">{created.key}</code> <CopyButton text={created.key} />
          </p>
          <button type="button" onClick={() => setCreated(undefined)}>
            {t('common.close')}
          </button>
        </section>
      )}
      <Loaded res={res}>
        {({ keys }) =>
          keys.length === 0 ? (
            <p>{t('keys.none')}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('keys.name')}</th>
                    <th scope="col">{t('keys.status')}</th>
                    <th scope="col">{t('keys.scopes')}</th>
                    <th scope="col">{t('keys.models')}</th>
                    <th scope="col">{t('keys.limits')}</th>
                    <th scope="col">{t('keys.created')}</th>
                    <th scope="col">
                      <span class="sr-only">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {keys.map((k) => (
                    <KeyRow key={k.id} k={k} onChanged={res.reload} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <section aria-labelledby="create-title">
        <h2 id="create-title">{t('keys.createTitle')}</h2>
        <CreateKey
          onCreated={(k) => {
            freshKeys.set(k.id, k.key);
            setCreated(k);
            res.reload();
          }}
        />
      </section>
    </>
  );
}
