// Settings: every config.json setting with the control its schema asks for, validated here for
// type and range and by the gateway with config.json's own schema; each says whether it applies
// at once or after a restart. Saving sends only what changed, as a JSON merge patch.
import { useState } from 'preact/hooks';
import type { JsonSchema, SettingsSaved, SettingsView } from '../api/types.js';
import { Field } from '../components/field.js';
import { ErrorBox, Loaded, Notice } from '../components/status.js';
import { useApp } from '../context.js';
import { controlOf, parseInput, patchAt, textOf } from '../settings-form.js';
import { useResource } from '../use-resource.js';
import { useSubmit } from '../use-submit.js';

type Edits = Record<string, string>;

function Setting({
  path,
  schema,
  value,
  effective,
  edits,
  setEdit,
}: {
  path: string[];
  schema: JsonSchema;
  value: unknown;
  effective: unknown;
  edits: Edits;
  setEdit: (path: string[], text: string) => void;
}) {
  const { t } = useApp();
  const control = controlOf(schema);
  const key = path.join('.');
  const text = key in edits ? edits[key] : textOf(control, value);
  const parsed = parseInput(control, text, schema);
  const error = parsed instanceof Error ? t('settings.invalid', { why: parsed.message }) : undefined;
  const placeholder = effective === undefined ? '' : textOf(control, effective);
  const hint = [schema.description, placeholder && t('settings.current', { value: placeholder.slice(0, 80) })]
    .filter(Boolean)
    .join(' · ');
  return (
    <Field label={key} hint={hint} error={error}>
      {(p) => {
        if (control === 'boolean' || control === 'enum') {
          const options = control === 'boolean' ? ['true', 'false'] : (schema.enum ?? []).map(String);
          return (
            <select {...p} value={text} onChange={(e) => setEdit(path, e.currentTarget.value)}>
              <option value="">{t('settings.default')}</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          );
        }
        if (control === 'json')
          return (
            <textarea
              {...p}
              rows={3}
              spellcheck={false}
              value={text}
              placeholder={placeholder}
              onInput={(e) => setEdit(path, e.currentTarget.value)}
            />
          );
        if (control === 'string')
          return (
            <input
              {...p}
              type="text"
              value={text}
              placeholder={placeholder}
              onInput={(e) => setEdit(path, e.currentTarget.value)}
            />
          );
        return (
          <input
            {...p}
            type="number"
            step={control === 'integer' ? 1 : 'any'}
            min={schema.minimum}
            max={schema.maximum}
            value={text}
            placeholder={placeholder}
            onInput={(e) => setEdit(path, e.currentTarget.value)}
          />
        );
      }}
    </Field>
  );
}

function SettingsForm({ view, onSaved }: { view: SettingsView; onSaved: (s: SettingsSaved) => void }) {
  const { t, api } = useApp();
  const [edits, setEdits] = useState<Edits>({});
  const [patch, setPatch] = useState<Record<string, unknown>>({});
  const submit = useSubmit();
  const props = view.schema.properties ?? {};
  const secret = new Set(Object.keys(view.secrets));
  const setEdit = (path: string[], text: string) => {
    const key = path.join('.');
    setEdits({ ...edits, [key]: text });
    let s: JsonSchema = view.schema;
    for (const p of path) s = s.properties?.[p] ?? {};
    const value = parseInput(controlOf(s), text, s);
    if (!(value instanceof Error)) setPatch(patchAt(patch, path, value));
  };
  const invalid = Object.entries(edits).some(([key, text]) => {
    let s: JsonSchema = view.schema;
    for (const p of key.split('.')) s = s.properties?.[p] ?? {};
    return parseInput(controlOf(s), text, s) instanceof Error;
  });
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit.run(async () => {
          const saved = await api.put<SettingsSaved>('/admin/api/settings', patch);
          setEdits({});
          setPatch({});
          onSaved(saved);
        });
      }}
    >
      {Object.entries(props)
        .filter(([k]) => !secret.has(k) && k !== '$schema')
        .map(([k, s]) => {
          const badge = (
            <span class={`badge ${view.apply[k] === 'restart' ? 'warn' : 'ok'}`}>
              {view.apply[k] === 'restart' ? t('settings.restart') : t('settings.live')}
            </span>
          );
          if (controlOf(s) === 'json' && s.properties)
            return (
              <fieldset key={k}>
                <legend>
                  {k} {badge}
                </legend>
                {Object.entries(s.properties).map(([sub, ss]) => (
                  <Setting
                    key={sub}
                    path={[k, sub]}
                    schema={ss}
                    value={obj(view.file[k])[sub]}
                    effective={obj(view.effective[k])[sub]}
                    edits={edits}
                    setEdit={setEdit}
                  />
                ))}
              </fieldset>
            );
          return (
            <div class="setting" key={k}>
              {badge}
              <Setting
                path={[k]}
                schema={s}
                value={view.file[k]}
                effective={view.effective[k]}
                edits={edits}
                setEdit={setEdit}
              />
            </div>
          );
        })}
      <fieldset>
        <legend>{t('settings.secrets')}</legend>
        <ul>
          {Object.entries(view.secrets).map(([k, set]) => (
            <li key={k}>
              <code>{k}</code>: {set ? t('settings.secretSet') : t('settings.secretUnset')}
            </li>
          ))}
        </ul>
      </fieldset>
      {submit.error && <ErrorBox error={submit.error} />}
      <div class="sticky-actions">
        <button
          type="submit"
          class="primary"
          disabled={submit.busy || invalid || Object.keys(patch).length === 0}
        >
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

export function SettingsPage() {
  const { t, api } = useApp();
  const res = useResource(() => api.get<SettingsView>('/admin/api/settings'), []);
  const [saved, setSaved] = useState<SettingsSaved | undefined>();
  return (
    <>
      <h1>{t('nav.settings')}</h1>
      <Loaded res={res}>
        {(view) => (
          <>
            <p class="muted">{t('settings.file', { path: view.configFile })}</p>
            {saved && (
              <Notice kind={saved.restartRequired.length ? 'warn' : 'ok'}>
                {t('settings.saved', { applied: saved.applied.join(', ') || '–' })}
                {saved.restartRequired.length > 0 &&
                  ` ${t('settings.needRestart', { keys: saved.restartRequired.join(', ') })}`}
              </Notice>
            )}
            <SettingsForm
              key={JSON.stringify(view.file)}
              view={view}
              onSaved={(s) => {
                setSaved(s);
                res.reload();
              }}
            />
          </>
        )}
      </Loaded>
    </>
  );
}
