// Models: per account, the catalogue with vendor, endpoints, limits, price and the route each
// ingress protocol takes; the model-mappings editor and the smallModel choice.
import { useEffect, useState } from 'preact/hooks';
import type { IngressProtocol, ModelRoute, ModelsAnswer, ModelView } from '../api/types.js';
import { Field } from '../components/field.js';
import { ErrorBox, Loaded, Notice } from '../components/status.js';
import { useApp } from '../context.js';
import { formatInt, formatNumber } from '../format.js';
import { useResource } from '../use-resource.js';
import { useSubmit } from '../use-submit.js';

const INGRESS: IngressProtocol[] = ['openai-chat', 'openai-responses', 'anthropic', 'gemini'];

function Route({ route }: { route?: ModelRoute }) {
  const { t } = useApp();
  if (!route) return <span class="muted">–</span>;
  if ('error' in route)
    return (
      <span class="route-error" title={route.error}>
        {t('models.noRoute')}
      </span>
    );
  return (
    <span>
      <code>{route.endpoint}</code> {route.passthrough ? t('models.passthrough') : t('models.translated')}
    </span>
  );
}

function ModelTable({ models }: { models: ModelView[] }) {
  const { t } = useApp();
  return (
    <div class="table-wrap">
      <table class="models">
        <thead>
          <tr>
            <th scope="col">{t('models.id')}</th>
            <th scope="col">{t('models.vendor')}</th>
            <th scope="col">{t('models.endpoints')}</th>
            <th scope="col">{t('models.limits')}</th>
            <th scope="col">{t('models.price')}</th>
            {INGRESS.map((p) => (
              <th scope="col" key={p}>
                {t(`protocol.${p}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <code class="model-id">{m.id}</code>
                {m.preview && <span class="badge">{t('models.preview')}</span>}
                {m.name !== m.id && <div class="muted">{m.name}</div>}
              </th>
              <td>{m.vendor}</td>
              <td>
                {m.supportedEndpoints.map((e) => (
                  <code class="chip" key={e}>
                    {e}
                  </code>
                ))}
              </td>
              <td>
                {t('models.limitsValue', {
                  context: formatInt(m.limits.maxContextWindowTokens),
                  prompt: formatInt(m.limits.maxPromptTokens),
                  output: formatInt(m.limits.maxOutputTokens),
                })}
              </td>
              <td>
                {m.price
                  ? t('models.priceValue', {
                      input: formatNumber(m.price.input),
                      output: formatNumber(m.price.output),
                    })
                  : t('models.noPrice')}
                {m.billing?.multiplier !== undefined && (
                  <div class="muted">
                    {m.billing.multiplier === 0
                      ? t('models.included')
                      : t('models.multiplier', { n: formatNumber(m.billing.multiplier) })}
                  </div>
                )}
              </td>
              {INGRESS.map((p) => (
                <td key={p}>
                  <Route route={m.routes[p]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MappingsEditor({ data, ids, onSaved }: { data: ModelsAnswer; ids: string[]; onSaved: () => void }) {
  const { t, api } = useApp();
  const [rows, setRows] = useState(() => Object.entries(data.mappings));
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  useEffect(() => setRows(Object.entries(data.mappings)), [data.mappings]);
  const update = (i: number, at: 0 | 1, value: string) => {
    setSaved(false);
    setRows(rows.map((r, j) => (j === i ? (at === 0 ? [value, r[1]] : [r[0], value]) : r)));
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit.run(async () => {
          const mappings = Object.fromEntries(
            rows.filter(([k, v]) => k.trim() && v).map(([k, v]) => [k.trim(), v]),
          );
          await api.put('/admin/api/models/mappings', { mappings });
          setSaved(true);
          onSaved();
        });
      }}
    >
      <p class="hint">{t('models.mappingsIntro')}</p>
      <datalist id="copilot-ids">
        {ids.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      {rows.length === 0 && <p class="muted">{t('models.noMappings')}</p>}
      <ul class="mappings">
        {rows.map(([from, to], i) => (
          <li key={i}>
            <Field label={t('models.mapFrom')}>
              {(p) => (
                <input {...p} required value={from} onInput={(e) => update(i, 0, e.currentTarget.value)} />
              )}
            </Field>
            <Field label={t('models.mapTo')}>
              {(p) => (
                <input
                  {...p}
                  required
                  list="copilot-ids"
                  value={to}
                  onInput={(e) => update(i, 1, e.currentTarget.value)}
                />
              )}
            </Field>
            <button type="button" class="danger" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              {t('common.remove')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setRows([...rows, ['', '']])}>
        {t('models.addMapping')}
      </button>{' '}
      <button type="submit" class="primary" disabled={submit.busy}>
        {t('common.save')}
      </button>
      {submit.error && <ErrorBox error={submit.error} />}
      {saved && <Notice kind="ok">{t('common.saved')}</Notice>}
    </form>
  );
}

function SmallModel({ data, ids, onSaved }: { data: ModelsAnswer; ids: string[]; onSaved: () => void }) {
  const { t, api } = useApp();
  const [value, setValue] = useState(data.smallModel ?? '');
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  return (
    <form
      class="inline"
      onSubmit={(e) => {
        e.preventDefault();
        submit.run(async () => {
          await api.put('/admin/api/models/small-model', { smallModel: value || null });
          setSaved(true);
          onSaved();
        });
      }}
    >
      <Field label={t('models.smallModel')} hint={t('models.smallModelHint')}>
        {(p) => (
          <select
            {...p}
            value={value}
            onChange={(e) => {
              setSaved(false);
              setValue(e.currentTarget.value);
            }}
          >
            <option value="">{t('models.smallModelNone')}</option>
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={submit.busy}>
        {t('common.save')}
      </button>
      {submit.error && <ErrorBox error={submit.error} />}
      {saved && <Notice kind="ok">{t('common.saved')}</Notice>}
    </form>
  );
}

export function ModelsPage() {
  const { t, api } = useApp();
  const res = useResource(() => api.get<ModelsAnswer>('/admin/api/models'), []);
  const [account, setAccount] = useState<string | undefined>();
  return (
    <>
      <h1>{t('nav.models')}</h1>
      <Loaded res={res}>
        {(data) => {
          if (data.accounts.length === 0) return <p>{t('accounts.none')}</p>;
          const current = data.accounts.find((a) => a.accountId === account) ?? data.accounts[0];
          const ids = [...new Set(data.accounts.flatMap((a) => a.models.map((m) => m.id)))].sort();
          return (
            <>
              {data.accounts.length > 1 && (
                <Field label={t('models.account')}>
                  {(p) => (
                    <select
                      {...p}
                      value={current.accountId}
                      onChange={(e) => setAccount(e.currentTarget.value)}
                    >
                      {data.accounts.map((a) => (
                        <option key={a.accountId} value={a.accountId}>
                          {a.label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
              <h2>{t('models.catalogueOf', { account: current.label })}</h2>
              {current.error && <ErrorBox error={new Error(current.error)} />}
              {current.models.length > 0 ? <ModelTable models={current.models} /> : <p>{t('models.none')}</p>}
              <h2>{t('models.mappings')}</h2>
              <MappingsEditor data={data} ids={ids} onSaved={res.reload} />
              <h2>{t('models.smallModel')}</h2>
              <SmallModel data={data} ids={ids} onSaved={res.reload} />
            </>
          );
        }}
      </Loaded>
    </>
  );
}
