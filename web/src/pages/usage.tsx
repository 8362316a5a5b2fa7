// Usage: credits and tokens over time (chart), the breakdown by model / key / account, and the
// request log with filters, cursor paging into a virtualised list, and the CSV export of the same
// filters.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { withQuery } from '../api/client.js';
import type {
  AccountView,
  ApiKey,
  BreakdownAnswer,
  LogAnswer,
  SummaryAnswer,
  UsageRow,
} from '../api/types.js';
import { Field } from '../components/field.js';
import { LogCells, LogHeader } from '../components/log-rows.js';
import { ErrorBox, Loaded, Loading } from '../components/status.js';
import { UsageChart } from '../components/usage-chart.js';
import { VirtualRows } from '../components/virtual-rows.js';
import { useApp } from '../context.js';
import { formatCredits, formatInt, fromLocalInput, toLocalInput } from '../format.js';
import { useResource } from '../use-resource.js';

const PAGE = 500;
const MAX_ROWS = 10_000;

export interface LogFilters {
  from?: number;
  to?: number;
  key?: string;
  model?: string;
  status?: string;
  /** 'true': leave out the admin API's own calls, health checks and /metrics. */
  inference?: 'true';
}

function useNames() {
  const { api } = useApp();
  const res = useResource(async () => {
    const [keys, accounts] = await Promise.all([
      api.get<{ keys: ApiKey[] }>('/admin/api/keys').catch(() => ({ keys: [] })),
      api.get<{ accounts: AccountView[] }>('/admin/api/accounts').catch(() => ({ accounts: [] })),
    ]);
    return {
      keys: keys.keys,
      key: new Map(keys.keys.map((k) => [k.id, k.name])),
      account: new Map(accounts.accounts.map((a) => [a.id, a.login || a.label])),
    };
  }, []);
  return res.data ?? { keys: [], key: new Map<string, string>(), account: new Map<string, string>() };
}

function Summary({ from, to, inference }: { from?: number; to?: number; inference?: 'true' }) {
  const { t, api } = useApp();
  const [bucket, setBucket] = useState<'hour' | 'day'>('hour');
  const res = useResource(
    () =>
      api.get<SummaryAnswer>('/admin/api/usage/summary', {
        bucket,
        from,
        to,
        inference,
      }),
    [bucket, from, to, inference],
  );
  return (
    <section aria-labelledby="over-time">
      <h2 id="over-time">{t('usage.overTime')}</h2>
      <div class="short">
        <Field label={t('usage.bucket')}>
          {(p) => (
            <select
              {...p}
              value={bucket}
              onChange={(e) => setBucket(e.currentTarget.value as 'hour' | 'day')}
            >
              <option value="hour">{t('usage.hour')}</option>
              <option value="day">{t('usage.day')}</option>
            </select>
          )}
        </Field>
      </div>
      <Loaded res={res}>
        {(s) => (
          <>
            <p class="totals">
              {t('usage.totals', {
                requests: formatInt(s.totals.requests),
                errors: formatInt(s.totals.errors),
                tokens: formatInt(s.totals.inputTokens + s.totals.outputTokens),
                credits: formatCredits(s.totals.nanoAiu),
              })}
            </p>
            <UsageChart summary={s} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Breakdown({
  from,
  to,
  inference,
  names,
}: {
  from?: number;
  to?: number;
  inference?: 'true';
  names: ReturnType<typeof useNames>;
}) {
  const { t, api } = useApp();
  const [by, setBy] = useState<'model' | 'key' | 'account'>('model');
  const res = useResource(
    () => api.get<BreakdownAnswer>('/admin/api/usage/breakdown', { by, from, to, inference }),
    [by, from, to, inference],
  );
  const label = (g: string) =>
    g === ''
      ? t('usage.none')
      : by === 'key'
        ? (names.key.get(g) ?? g)
        : by === 'account'
          ? (names.account.get(g) ?? g)
          : g;
  return (
    <section aria-labelledby="breakdown">
      <h2 id="breakdown">{t('usage.breakdown')}</h2>
      <div class="short">
        <Field label={t('usage.by')}>
          {(p) => (
            <select {...p} value={by} onChange={(e) => setBy(e.currentTarget.value as typeof by)}>
              <option value="model">{t('usage.byModel')}</option>
              <option value="key">{t('usage.byKey')}</option>
              <option value="account">{t('usage.byAccount')}</option>
            </select>
          )}
        </Field>
      </div>
      <Loaded res={res}>
        {(b) =>
          b.groups.length === 0 ? (
            <p>{t('usage.empty')}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">
                      {t(`usage.by${by[0].toUpperCase()}${by.slice(1)}` as 'usage.byModel')}
                    </th>
                    <th scope="col">{t('usage.requests')}</th>
                    <th scope="col">{t('usage.errors')}</th>
                    <th scope="col">{t('usage.tokens')}</th>
                    <th scope="col">{t('usage.credits')}</th>
                  </tr>
                </thead>
                <tbody>
                  {b.groups.map((g) => (
                    <tr key={g.group}>
                      <th scope="row">{label(g.group)}</th>
                      <td>{formatInt(g.requests)}</td>
                      <td>{formatInt(g.errors)}</td>
                      <td>{formatInt(g.inputTokens + g.outputTokens)}</td>
                      <td>{formatCredits(g.nanoAiu)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

function useLog(filters: LogFilters) {
  const { api } = useApp();
  const [rows, setRows] = useState<UsageRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const run = useRef(0);
  const load = useCallback(
    async (cursor: string | undefined, reset: boolean) => {
      const mine = reset ? ++run.current : run.current;
      setBusy(true);
      setError(undefined);
      try {
        const page = await api.get<LogAnswer>('/admin/api/usage/log', { ...filters, limit: PAGE, cursor });
        if (mine !== run.current) return;
        setRows((r) => (reset ? page.rows : [...r, ...page.rows]).slice(0, MAX_ROWS));
        setNext(page.nextCursor);
      } catch (err) {
        if (mine === run.current) setError(err as Error);
      } finally {
        if (mine === run.current) setBusy(false);
      }
    },
    [api, filters],
  );
  return { rows, next, error, busy, load };
}

function LogTable({ filters, names }: { filters: LogFilters; names: ReturnType<typeof useNames> }) {
  const { t } = useApp();
  const log = useLog(filters);
  const { load } = log;
  useEffect(() => {
    load(undefined, true);
  }, [load]);
  const more = log.next !== null && log.rows.length < MAX_ROWS;
  const onEnd = useCallback(() => {
    if (more && !log.busy && !log.error) log.load(log.next ?? undefined, false);
  }, [more, log]);
  const header = <LogHeader />;
  const row = (i: number) => <LogCells r={log.rows[i]} names={names} />;
  return (
    <>
      <p role="status" aria-live="polite" data-testid="log-count">
        {t('log.loaded', { n: formatInt(log.rows.length) })}
        {log.rows.length >= MAX_ROWS && ` ${t('log.cap', { n: formatInt(MAX_ROWS) })}`}
      </p>
      {log.error && (
        <ErrorBox error={log.error} retry={() => log.load(log.next ?? undefined, log.rows.length === 0)} />
      )}
      {log.rows.length === 0 && log.busy ? (
        <Loading />
      ) : log.rows.length === 0 ? (
        <p>{t('usage.empty')}</p>
      ) : (
        <VirtualRows
          count={log.rows.length}
          rowHeight={36}
          height={440}
          label={t('usage.log')}
          header={header}
          row={row}
          onEnd={onEnd}
        />
      )}
      {more && (
        <button type="button" disabled={log.busy} onClick={() => log.load(log.next ?? undefined, false)}>
          {t('log.more')}
        </button>
      )}
    </>
  );
}

export function UsagePage() {
  const { t } = useApp();
  const names = useNames();
  const [now] = useState(() => Date.now());
  const [fromText, setFromText] = useState(() => toLocalInput(now - 24 * 3600_000));
  const [toText, setToText] = useState('');
  const [key, setKey] = useState('');
  const [model, setModel] = useState('');
  const [status, setStatus] = useState('');
  const [onlyInference, setOnlyInference] = useState(true);
  const [applied, setApplied] = useState<LogFilters>(() => ({
    from: now - 24 * 3600_000,
    inference: 'true',
  }));
  const filters = useMemo(() => applied, [applied]);
  return (
    <>
      <h1>{t('nav.usage')}</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({
            from: fromLocalInput(fromText),
            to: fromLocalInput(toText),
            key: key || undefined,
            model: model.trim() || undefined,
            status: status.trim() || undefined,
            inference: onlyInference ? 'true' : undefined,
          });
        }}
      >
        <Field label={t('log.from')}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              value={fromText}
              onInput={(e) => setFromText(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('log.to')}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              value={toText}
              onInput={(e) => setToText(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('log.key')}>
          {(p) => (
            <select {...p} value={key} onChange={(e) => setKey(e.currentTarget.value)}>
              <option value="">{t('log.anyKey')}</option>
              {names.keys.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('log.model')}>
          {(p) => <input {...p} value={model} onInput={(e) => setModel(e.currentTarget.value)} />}
        </Field>
        <Field label={t('log.status')} hint={t('log.statusHint')}>
          {(p) => (
            <input
              {...p}
              value={status}
              list="status-values"
              onInput={(e) => setStatus(e.currentTarget.value)}
            />
          )}
        </Field>
        <datalist id="status-values">
          <option value="ok" />
          <option value="error" />
          <option value="429" />
        </datalist>
        <label class="check">
          <input
            type="checkbox"
            checked={onlyInference}
            onChange={(e) => setOnlyInference(e.currentTarget.checked)}
          />{' '}
          {t('log.inferenceOnly')}
        </label>
        <button type="submit" class="primary">
          {t('log.apply')}
        </button>
        <a class="button" href={withQuery('/admin/api/usage/export.csv', { ...filters })} download>
          {t('log.csv')}
        </a>
      </form>
      <Summary from={filters.from} to={filters.to} inference={filters.inference} />
      <Breakdown from={filters.from} to={filters.to} inference={filters.inference} names={names} />
      <section aria-labelledby="log-title">
        <h2 id="log-title">{t('usage.log')}</h2>
        <LogTable filters={filters} names={names} />
      </section>
    </>
  );
}
