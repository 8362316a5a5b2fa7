// Dashboard: health, uptime, the last hour's requests and errors, credits this month, and each
// account's state and limit windows.
import type { Status, Totals } from '../api/types.js';
import { AccountState, LimitWindows } from '../components/account-state.js';
import { Loaded } from '../components/status.js';
import { useApp } from '../context.js';
import { formatCredits, formatDateTime, formatDuration, formatInt } from '../format.js';
import { useResource } from '../use-resource.js';

function Tile({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div class="tile">
      <span class="tile-label">{label}</span>
      <strong class="tile-value">{value}</strong>
      {detail && <span class="tile-detail">{detail}</span>}
    </div>
  );
}

const tokens = (x: Totals) => formatInt(x.inputTokens + x.outputTokens);

export function DashboardPage() {
  const { t, api } = useApp();
  const res = useResource(() => api.get<Status>('/admin/api/status'), []);
  return (
    <>
      <h1>{t('nav.dashboard')}</h1>
      <Loaded res={res}>
        {(s) => (
          <>
            <div class="tiles">
              <Tile
                label={t('dash.health')}
                value={t(`health.${s.health}`)}
                detail={t('dash.version', { version: s.version })}
              />
              <Tile
                label={t('dash.uptime')}
                value={formatDuration(s.uptimeSec)}
                detail={t('dash.since', { time: formatDateTime(s.startedAt) })}
              />
              <Tile
                label={t('dash.lastHour')}
                value={t('dash.requests', { n: formatInt(s.lastHour.requests) })}
                detail={t('dash.errors', { n: formatInt(s.lastHour.errors) })}
              />
              <Tile
                label={t('dash.month')}
                value={t('dash.credits', { n: formatCredits(s.month.nanoAiu) })}
                detail={t('dash.tokens', { n: tokens(s.month) })}
              />
              <Tile
                label={t('dash.inflight')}
                value={formatInt(s.inflight)}
                detail={t('dash.upstream', { n: formatInt(s.upstreamInflight) })}
              />
            </div>
            <h2>{t('nav.accounts')}</h2>
            {s.accounts.length === 0 ? (
              <p>{t('accounts.none')}</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('dash.account')}</th>
                      <th scope="col">{t('dash.state')}</th>
                      <th scope="col">{t('accounts.limits')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.accounts.map((a) => (
                      <tr key={a.id}>
                        <th scope="row">{a.login || a.label}</th>
                        <td>
                          <AccountState a={a} />
                        </td>
                        <td>
                          <LimitWindows limits={a.limits} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <button type="button" onClick={res.reload} disabled={res.loading}>
              {t('common.refresh')}
            </button>
          </>
        )}
      </Loaded>
    </>
  );
}
