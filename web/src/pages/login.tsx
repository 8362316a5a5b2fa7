import { useState } from 'preact/hooks';
import type { SessionAnswer } from '../api/types.js';
import { Field } from '../components/field.js';
import { ErrorBox } from '../components/status.js';
import { useApp } from '../context.js';
import { useSubmit } from '../use-submit.js';

export function LoginPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, api } = useApp();
  const [password, setPassword] = useState('');
  const submit = useSubmit();
  return (
    <main class="narrow" id="main">
      <h1>{t('login.title')}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit.run(async () => {
            const s = await api.post<SessionAnswer>('/admin/api/login', { password });
            api.csrfToken = s.csrfToken;
            onSignedIn();
          });
        }}
      >
        <Field label={t('login.password')}>
          {(p) => (
            <input
              {...p}
              type="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        {submit.error && <ErrorBox error={submit.error} />}
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
