// Adding a GitHub account: the device flow (the code shown, the page polling the gateway every
// `interval` seconds until GitHub says done, denied or expired), or a token pasted in.
import { useEffect, useState } from 'preact/hooks';
import type { AccountView, DevicePoll, DeviceStart } from '../api/types.js';
import { CopyButton } from '../components/copy-button.js';
import { Field } from '../components/field.js';
import { ErrorBox, Notice } from '../components/status.js';
import { useApp } from '../context.js';
import { formatDateTime } from '../format.js';
import { useSubmit } from '../use-submit.js';

type Flow = DeviceStart & { status: 'pending' | 'failed'; message?: string };

export function DeviceFlow({ onAdded }: { onAdded: (a: AccountView) => void }) {
  const { t, api } = useApp();
  const [flow, setFlow] = useState<Flow | undefined>();
  const [label, setLabel] = useState('');
  const submit = useSubmit();

  useEffect(() => {
    if (flow?.status !== 'pending') return;
    let stopped = false;
    const timer = setTimeout(async () => {
      try {
        const r = await api.get<DevicePoll>(`/admin/api/accounts/device/${encodeURIComponent(flow.flowId)}`);
        if (stopped) return;
        if (r.status === 'pending') setFlow({ ...flow, ...r, status: 'pending' });
        else if (r.status === 'done') {
          setFlow(undefined);
          onAdded(r.account);
        } else setFlow({ ...flow, status: 'failed', message: r.message });
      } catch (err) {
        if (!stopped) setFlow({ ...flow, status: 'failed', message: (err as Error).message });
      }
    }, Math.max(1, flow.interval) * 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [flow, api, onAdded]);

  const cancel = async () => {
    if (flow)
      await api.delete(`/admin/api/accounts/device/${encodeURIComponent(flow.flowId)}`).catch(() => {});
    setFlow(undefined);
  };

  if (flow)
    return (
      <section class="device" aria-labelledby="device-title">
        <h3 id="device-title">{t('accounts.deviceTitle')}</h3>
        {flow.status === 'pending' ? (
          <>
            <p>
              {t('accounts.deviceOpen')}{' '}
              <a href={flow.verificationUri} target="_blank" rel="noopener noreferrer">
                {flow.verificationUri}
              </a>
            </p>
            <p class="user-code">
              <code data-testid="user-code">{flow.userCode}</code> <CopyButton text={flow.userCode} />
            </p>
            <p role="status" aria-live="polite">
              {t('accounts.deviceWaiting', { time: formatDateTime(flow.expiresAt) })}
            </p>
          </>
        ) : (
          <ErrorBox error={new Error(flow.message ?? t('accounts.deviceFailed'))} />
        )}
        <button type="button" onClick={cancel}>
          {flow.status === 'pending' ? t('common.cancel') : t('common.close')}
        </button>
      </section>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit.run(async () => {
          const started = await api.post<DeviceStart>('/admin/api/accounts/device', label ? { label } : {});
          setFlow({ ...started, status: 'pending' });
        });
      }}
    >
      <Field label={t('accounts.label')} hint={t('accounts.labelHint')}>
        {(p) => (
          <input {...p} value={label} maxLength={100} onInput={(e) => setLabel(e.currentTarget.value)} />
        )}
      </Field>
      {submit.error && <ErrorBox error={submit.error} />}
      <button type="submit" class="primary" disabled={submit.busy}>
        {t('accounts.deviceStart')}
      </button>
    </form>
  );
}

export function TokenForm({ onAdded }: { onAdded: (a: AccountView) => void }) {
  const { t, api } = useApp();
  const [token, setToken] = useState('');
  const [label, setLabel] = useState('');
  const [proxyUrl, setProxyUrl] = useState('');
  const submit = useSubmit();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit.run(async () => {
          const r = await api.post<{ account: AccountView }>('/admin/api/accounts', {
            token: token.trim(),
            ...(label ? { label } : {}),
            ...(proxyUrl ? { proxyUrl } : {}),
          });
          setToken('');
          onAdded(r.account);
        });
      }}
    >
      <Field label={t('accounts.token')} hint={t('accounts.tokenHint')} error={submit.fieldError('token')}>
        {(p) => (
          <input
            {...p}
            type="password"
            autocomplete="off"
            required
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label={t('accounts.label')}>
        {(p) => (
          <input {...p} value={label} maxLength={100} onInput={(e) => setLabel(e.currentTarget.value)} />
        )}
      </Field>
      <Field label={t('accounts.proxy')} hint={t('accounts.proxyHint')} error={submit.fieldError('proxyUrl')}>
        {(p) => (
          <input {...p} type="url" value={proxyUrl} onInput={(e) => setProxyUrl(e.currentTarget.value)} />
        )}
      </Field>
      {submit.error && !submit.fieldError('token') && !submit.fieldError('proxyUrl') && (
        <ErrorBox error={submit.error} />
      )}
      <button type="submit" class="primary" disabled={submit.busy}>
        {t('accounts.tokenAdd')}
      </button>
    </form>
  );
}

/** Both ways side by side (Setup and the Accounts page). */
export function AddAccount({ onAdded }: { onAdded: (a: AccountView) => void }) {
  const { t } = useApp();
  const [way, setWay] = useState<'device' | 'token'>('device');
  const [added, setAdded] = useState<AccountView | undefined>();
  const done = (a: AccountView) => {
    setAdded(a);
    onAdded(a);
  };
  return (
    <div class="add-account">
      <fieldset class="tabs">
        <legend class="sr-only">{t('accounts.addWay')}</legend>
        {(['device', 'token'] as const).map((w) => (
          <button key={w} type="button" aria-pressed={way === w} onClick={() => setWay(w)}>
            {t(w === 'device' ? 'accounts.wayDevice' : 'accounts.wayToken')}
          </button>
        ))}
      </fieldset>
      <div>{way === 'device' ? <DeviceFlow onAdded={done} /> : <TokenForm onAdded={done} />}</div>
      {added && <Notice kind="ok">{t('accounts.added', { login: added.login || added.label })}</Notice>}
    </div>
  );
}
