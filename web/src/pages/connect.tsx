// Connect a client: ready-to-paste settings for Claude Code, Codex CLI, Gemini CLI and opencode
// (rendered by the `setup` command's own writers, src/cli/setup/writers.ts, for this gateway's URL,
// the chosen key and models from the key's own /v1/models), and the README's SDK recipes.
import { useState } from 'preact/hooks';
import {
  parseModelList,
  pickModels,
  type SetupClient,
  type SetupModel,
} from '../../../src/cli/setup/catalogue.js';
import { WRITERS } from '../../../src/cli/setup/writers.js';
import { ApiError } from '../api/client.js';
import { CopyButton } from '../components/copy-button.js';
import { Field } from '../components/field.js';
import { ErrorBox, Loading } from '../components/status.js';
import { keyLine, SDK_RECIPES } from '../connect/sdk-recipes.js';
import { useApp } from '../context.js';
import { useResource } from '../use-resource.js';

const CLIENTS: SetupClient[] = ['claude-code', 'codex', 'gemini-cli', 'opencode'];
type Target = SetupClient | 'sdks';

function Block({ title, text }: { title: string; text: string }) {
  return (
    <figure class="snippet">
      <figcaption>
        <code>{title}</code> <CopyButton text={text} />
      </figcaption>
      <pre tabIndex={0}>
        <code>{text}</code>
      </pre>
    </figure>
  );
}

function Recipes({
  target,
  url,
  apiKey,
  models,
}: {
  target: Target;
  url: string;
  apiKey: string;
  models: SetupModel[];
}) {
  const { t } = useApp();
  const [model, setModel] = useState('');
  const [small, setSmall] = useState('');
  const client = target === 'sdks' ? 'opencode' : target;
  const picked = pickModels(client, models, { model: model || undefined, smallModel: small || undefined });
  const select = (label: string, value: string, set: (v: string) => void) => (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => set(e.currentTarget.value)}>
          <option value="">{t('connect.auto')}</option>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  if (target === 'sdks')
    return (
      <>
        {select(t('connect.model'), model, setModel)}
        <Block title="shell" text={keyLine(apiKey)} />
        {SDK_RECIPES.map((r) => (
          <Block key={r.id} title={r.heading} text={r.code(url, picked.main.id)} />
        ))}
      </>
    );
  const edits = WRITERS[target]({ url, key: apiKey, main: picked.main, small: picked.small, home: '~' });
  return (
    <>
      <div class="row">
        {select(t('connect.model'), model, setModel)}
        {select(t('connect.smallModel'), small, setSmall)}
      </div>
      <p class="hint">{t('connect.mergeHint')}</p>
      {edits.map((e) => (
        <Block key={e.path} title={e.path} text={e.content(undefined)} />
      ))}
      <Block
        title={t('connect.orCli')}
        text={`copilot-gateway setup ${target} --url ${url} --key ${apiKey} --model ${picked.main.id} --small-model ${picked.small.id} --write`}
      />
    </>
  );
}

function ModelsFor({ target, apiKey }: { target: Target; apiKey: string }) {
  const { t } = useApp();
  const url = location.origin;
  const res = useResource(async () => {
    const r = await fetch('/v1/models', { headers: { authorization: `Bearer ${apiKey}` } });
    if (!r.ok) {
      const body = (await r.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new ApiError(r.status, body.error?.message ?? `HTTP ${r.status}`);
    }
    return parseModelList(await r.json());
  }, [apiKey]);
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  if (res.data.length === 0) return <p>{t('connect.noModels')}</p>;
  return <Recipes target={target} url={url} apiKey={apiKey} models={res.data} />;
}

export function ConnectPage() {
  const { t, freshKeys } = useApp();
  const [target, setTarget] = useState<Target>('claude-code');
  const fresh = [...freshKeys.values()];
  const [keyText, setKeyText] = useState(fresh[fresh.length - 1] ?? '');
  const [apiKey, setApiKey] = useState(keyText);
  return (
    <>
      <h1>{t('nav.connect')}</h1>
      <p>{t('connect.intro', { url: location.origin })}</p>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          setApiKey(keyText.trim());
        }}
      >
        <Field label={t('connect.key')} hint={t('connect.keyHint')}>
          {(p) => (
            <input
              {...p}
              type="password"
              autocomplete="off"
              placeholder="cgw_…"
              value={keyText}
              onInput={(e) => setKeyText(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="primary">
          {t('connect.show')}
        </button>
      </form>
      <fieldset class="tabs">
        <legend class="sr-only">{t('connect.clients')}</legend>
        {[...CLIENTS, 'sdks' as const].map((c) => (
          <button key={c} type="button" aria-pressed={target === c} onClick={() => setTarget(c)}>
            {t(`client.${c}`)}
          </button>
        ))}
      </fieldset>
      <div>
        {apiKey ? <ModelsFor key={apiKey} target={target} apiKey={apiKey} /> : <p>{t('connect.needKey')}</p>}
      </div>
    </>
  );
}
