// Loading and error states, so no view is ever a blank screen.
import type { ComponentChildren } from 'preact';
import { useApp } from '../context.js';
import type { Resource } from '../use-resource.js';

export function Loading() {
  const { t } = useApp();
  return (
    <p class="loading" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }) {
  const { t } = useApp();
  return (
    <div class="error" role="alert">
      <p>{error.message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** The resource's data through `children`, or its loading / error state. */
export function Loaded<T>({ res, children }: { res: Resource<T>; children: (data: T) => ComponentChildren }) {
  if (res.data === undefined) {
    if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
    return <Loading />;
  }
  return (
    <>
      {res.error && <ErrorBox error={res.error} retry={res.reload} />}
      {children(res.data)}
    </>
  );
}

export function Notice({ kind, children }: { kind: 'ok' | 'warn'; children: ComponentChildren }) {
  return (
    <p class={`notice ${kind}`} role="status">
      {children}
    </p>
  );
}
