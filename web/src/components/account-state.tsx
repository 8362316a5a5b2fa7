// An account's state in words: active, cooling down until T (and why), failing, disabled; and its
// session / weekly limit windows from Copilot's answer headers.
import type { AccountLimits, AccountStatus } from '../api/types.js';
import { useApp } from '../context.js';
import { formatDateTime, formatNumber } from '../format.js';

export function AccountState({ a }: { a: AccountStatus }) {
  const { t } = useApp();
  return (
    <span class={`state state-${a.state}`}>
      {a.state === 'cooling'
        ? t('state.coolingUntil', { time: formatDateTime(a.cooldownUntil) })
        : t(`state.${a.state}`)}
      {a.reason && a.state !== 'active' && <span class="reason"> ({a.reason})</span>}
    </span>
  );
}

export function LimitWindows({ limits }: { limits?: AccountLimits }) {
  const { t } = useApp();
  if (!limits) return <span class="muted">{t('accounts.noLimits')}</span>;
  const rows = (['session', 'weekly', 'premium'] as const).filter((w) => limits[w]);
  if (rows.length === 0) return <span class="muted">{t('accounts.noLimits')}</span>;
  return (
    <ul class="limits">
      {rows.map((w) => {
        const win = limits[w]!;
        return (
          <li key={w}>
            {t(`limits.${w}`)}:{' '}
            {win.remaining === undefined ? '–' : t('limits.left', { percent: formatNumber(win.remaining) })}
            {win.resetAt !== undefined && <> · {t('limits.resets', { time: formatDateTime(win.resetAt) })}</>}
          </li>
        );
      })}
    </ul>
  );
}
