// First run: the admin password (only from this machine), then the first account.
import { useState } from 'preact/hooks';
import type { AuthState, SessionAnswer } from '../api/types.js';
import { Field } from '../components/field.js';
import { ErrorBox } from '../components/status.js';
import { useApp } from '../context.js';
import { useSubmit } from '../use-submit.js';
import { AddAccount } from './accounts-add.js';

export function SetupPage({ state, onFinished }: { state: AuthState; onFinished: () => void }) {
  const { t, api } = useApp();
  const [step, setStep] = useState<'password' | 'account'>('password');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const submit = useSubmit();
  const mismatch = again !== '' && again !== password ? t('setup.mismatch') : undefined;

  if (!state.setupAllowed)
    return (
      <main class="narrow" id="main">
        <h1>{t('setup.title')}</h1>
        <p role="alert">{t('setup.notLoopback')}</p>
      </main>
    );
  if (step === 'account')
    return (
      <main class="narrow" id="main">
        <h1>{t('setup.accountTitle')}</h1>
        <p>{t('setup.accountIntro')}</p>
        <AddAccount onAdded={onFinished} />
        <button type="button" class="link" onClick={onFinished}>
          {t('setup.skip')}
        </button>
      </main>
    );
  return (
    <main class="narrow" id="main">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (mismatch) return;
          submit.run(async () => {
            const s = await api.post<SessionAnswer>('/admin/api/setup', { password });
            api.csrfToken = s.csrfToken;
            setStep('account');
          });
        }}
      >
        <Field
          label={t('setup.password')}
          hint={t('setup.passwordHint')}
          error={submit.fieldError('password')}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autocomplete="new-password"
              required
              minLength={10}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('setup.again')} error={mismatch}>
          {(p) => (
            <input
              {...p}
              type="password"
              autocomplete="new-password"
              required
              value={again}
              onInput={(e) => setAgain(e.currentTarget.value)}
            />
          )}
        </Field>
        {submit.error && !submit.fieldError('password') && <ErrorBox error={submit.error} />}
        <button type="submit" class="primary" disabled={submit.busy || !!mismatch}>
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
