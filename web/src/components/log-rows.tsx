// The request log's header and cells inside the virtual list. ARIA table roles on plain elements:
// the rows are absolutely positioned in a scroller, which <table> rows cannot be.
import type { UsageRow } from '../api/types.js';
import { useApp } from '../context.js';
import { formatCredits, formatInt, formatLogTime } from '../format.js';

const COLUMNS = ['time', 'key', 'model', 'status', 'tokens', 'credits', 'duration'] as const;

export function LogHeader() {
  const { t } = useApp();
  return (
    <div role="row" class="vrow vheadrow" aria-rowindex={1}>
      {COLUMNS.map((c) => (
        <span role="columnheader" key={c} class={`c-${c}`}>
          {t(`log.${c}`)}
        </span>
      ))}
    </div>
  );
}

export function LogCells({ r, names }: { r: UsageRow; names: { key: Map<string, string> } }) {
  return (
    <>
      <span role="cell" class="c-time">
        {formatLogTime(r.tsMs)}
      </span>
      <span role="cell" class="c-key">
        {r.keyId ? (names.key.get(r.keyId) ?? r.keyId) : '–'}
      </span>
      <span role="cell" class="c-model" title={r.requestedModel ?? r.path}>
        {r.resolvedModel ?? r.requestedModel ?? r.path}
      </span>
      <span role="cell" class={`c-status ${r.status >= 400 ? 'bad' : 'good'}`}>
        {r.status}
      </span>
      <span role="cell" class="c-tokens">
        {formatInt(r.inputTokens + r.outputTokens)}
      </span>
      <span role="cell" class="c-credits">
        {formatCredits(r.costNanoAiu)}
      </span>
      <span role="cell" class="c-duration">
        {formatInt(r.durationMs)} ms
      </span>
    </>
  );
}
