// Places Claude model names the Copilot catalogue does not list verbatim.
//
// 1. Alias: dated and aliased Anthropic ids name a Copilot model by rule —
//    `claude-sonnet-4-5-20250929` → `claude-sonnet-4.5`, `claude-opus-4-1-20250805` →
//    `claude-opus-41` (Copilot's spelling), `claude-3-7-sonnet-latest` → `claude-3.7-sonnet`.
// 2. Fallback: when Copilot lacks that model (a newer Claude Code default, say), the closest
//    Claude model of the account is used, in this documented order:
//      a. the same family (opus / sonnet / haiku), the nearest version, newer on a tie;
//      b. otherwise the most capable family available (opus > sonnet > haiku), newest version.
//    Variants (`-fast`, `-1m`) are only chosen when asked for. One warning line is logged per
//    requested name. The asked-for version always wins when it exists (rule 1 runs first).
import type { CopilotModel } from '../../upstream/types.js';
import type { AliasRule } from './types.js';

export interface ClaudeName {
  family: 'opus' | 'sonnet' | 'haiku';
  /** major * 100 + minor, e.g. 4.5 → 405, 41 (opus 4.1) → 401. */
  version: number;
  variant?: string;
}

const FAMILY_RANK: Record<ClaudeName['family'], number> = { opus: 3, sonnet: 2, haiku: 1 };

/** Parses Anthropic and Copilot spellings of Claude ids; undefined for anything else. */
export function parseClaudeName(id: string): ClaudeName | undefined {
  let s = id.toLowerCase().replace(/\[[^\]]*\]$/, '');
  s = s.replace(/-(\d{8}|latest)$/, '');
  if (!s.startsWith('claude-')) return undefined;
  s = s.slice(7);
  // New style: family-major[-.]minor[-variant]; Copilot also writes opus 4.1 as "41".
  let m = /^(opus|sonnet|haiku)-(\d+)(?:[.-](\d+))?(?:-([a-z0-9]+))?$/.exec(s);
  if (m) {
    let major = Number(m[2]);
    let minor = m[3] === undefined ? 0 : Number(m[3]);
    if (m[3] === undefined && m[2].length === 2) {
      major = Number(m[2][0]);
      minor = Number(m[2][1]);
    }
    return { family: m[1] as ClaudeName['family'], version: major * 100 + minor, variant: m[4] };
  }
  // Old style: major[-.]minor-family (claude-3-7-sonnet, claude-3.5-sonnet).
  m = /^(\d+)(?:[.-](\d+))?-(opus|sonnet|haiku)(?:-([a-z0-9]+))?$/.exec(s);
  if (m) {
    return {
      family: m[3] as ClaudeName['family'],
      version: Number(m[1]) * 100 + Number(m[2] ?? 0),
      variant: m[4],
    };
  }
  return undefined;
}

function sameName(a: ClaudeName, b: ClaudeName): boolean {
  return a.family === b.family && a.version === b.version && (a.variant ?? '') === (b.variant ?? '');
}

function claudeModels(models: CopilotModel[]): Array<{ id: string; name: ClaudeName }> {
  const out: Array<{ id: string; name: ClaudeName }> = [];
  for (const m of models) {
    if (m.type === 'embeddings') continue;
    const name = parseClaudeName(m.id);
    if (name) out.push({ id: m.id, name });
  }
  return out;
}

export function createClaudeAliasRule(): AliasRule {
  const warned = new Set<string>();
  const once = (name: string) => {
    if (warned.has(name)) return false;
    warned.add(name);
    return true;
  };
  return (requested, models) => {
    const want = parseClaudeName(requested);
    if (!want) return undefined;
    const available = claudeModels(models);
    const exact = available.find((c) => sameName(c.name, want));
    if (exact) return { id: exact.id, via: 'alias' };

    const variantOk = (c: { name: ClaudeName }) =>
      (c.name.variant ?? '') === (want.variant ?? '') || !c.name.variant;
    const family = available.filter((c) => c.name.family === want.family && variantOk(c));
    if (family.length > 0) {
      family.sort((a, b) => {
        const d = Math.abs(a.name.version - want.version) - Math.abs(b.name.version - want.version);
        if (d !== 0) return d;
        if (a.name.version !== b.name.version) return b.name.version - a.name.version;
        return (a.name.variant ? 1 : 0) - (b.name.variant ? 1 : 0);
      });
      return {
        id: family[0].id,
        via: 'fallback',
        note: 'closest version of the same family',
        warn: once(requested),
      };
    }
    const plain = available.filter((c) => !c.name.variant);
    const pool = plain.length > 0 ? plain : available;
    if (pool.length === 0) return undefined;
    pool.sort(
      (a, b) => FAMILY_RANK[b.name.family] - FAMILY_RANK[a.name.family] || b.name.version - a.name.version,
    );
    return {
      id: pool[0].id,
      via: 'fallback',
      note: 'the most capable Claude model available',
      warn: once(requested),
    };
  };
}
