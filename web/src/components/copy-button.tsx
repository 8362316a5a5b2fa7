import { useState } from 'preact/hooks';
import { useApp } from '../context.js';

/** Copies `text`; says so for a moment (a screen reader hears it through the live region). */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useApp();
  const [done, setDone] = useState<'copied' | 'failed' | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      setDone('failed');
    }
    setTimeout(() => setDone(undefined), 2000);
  };
  return (
    <button type="button" class="copy" onClick={copy} aria-live="polite">
      {done === 'copied'
        ? t('common.copied')
        : done === 'failed'
          ? t('common.copyFailed')
          : (label ?? t('common.copy'))}
    </button>
  );
}
