// The limits shared by every gateway instance on one Redis (--redis-url): the key's credit
// budgets, concurrency, requests and tokens per minute, and the global --rate-limit pacer, judged
// by ONE Lua script (scripts.ts), so a request costs one Redis round trip, or none when its key has
// no limit and no pacer is set (the key itself is checked in memory: KeysRepo.index), and mostly
// none when its limits are large (allowance.ts: admissions granted ahead, in batches). That round
// trip, the concurrency releases and the charge batches go on a lean connection of their own
// (resp-channel.ts: a prebuilt string out, an integer back), ioredis serving while it is not up.
// Whatever Redis admits is also recorded in the local limits, so that when Redis goes away
// (RedisLink: one warning) this instance goes on judging from its own recent history instead of
// failing requests, and comes back to the shared counters as soon as Redis answers.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { limitError } from '../gateway/middleware/rate-limits.js';
import type { OutcomeRecord } from '../gateway/pipeline/outcome.js';
import { creditBudgetRefusal, dayOf, dayStartMs, monthOf, monthStartMs } from '../usage/budgets.js';
import { costOf } from '../usage/cost.js';
import type { UsageRepository } from '../usage/log/types.js';
import type { PriceTable } from '../usage/price-table.js';
import type { Cancellation } from '../util/cancellation.js';
import type { Logger } from '../util/log.js';
import { sleep } from '../util/sleep.js';
import { createRedisAccountStates, type RedisAccountStates } from './account-states.js';
import { type AdmitPlan, AdmitPlans } from './admit-plan.js';
import { Allowance, MAX_WANT } from './allowance.js';
import { ChargeBatch, type ChargeCommands } from './charges.js';
import { LeaseReleases } from './lease-releases.js';
import type { LocalLimits } from './local.js';
import { noop } from './local.js';
import type { RedisLink } from './redis-link.js';
import { bulk, RedisReplyError, RespChannel, sha1 } from './resp-channel.js';
import { ADMIT_LUA, CHARGE_LUA, RENEW_LUA } from './scripts.js';
import type { AdmitRequest, GatewayLimits, LimitedKey, LimitsReadiness } from './types.js';

interface LimitCommands extends ChargeCommands {
  cgwAdmit(...args: string[]): Promise<number>;
  cgwRenew(...args: (string | number)[]): Promise<number>;
}

export interface RedisLimitsOptions {
  link: RedisLink;
  /**
   * The Redis URL again, for the lean connection of the request path (resp-channel.ts); without
   * it every command goes through the link's ioredis client.
   */
  url?: string;
  /** The per-instance limits: the fallback, and a record of what Redis admitted. */
  local: LocalLimits;
  prices: PriceTable;
  /** Where the credit counters are seeded from (the usage log). */
  usage: Pick<UsageRepository, 'costByKeySince'>;
  log: Logger;
  /** Prefix of every Redis key and channel (several clusters on one Redis). */
  prefix: string;
  rateLimitSec?: number;
  rateLimitWait: boolean;
  /** Lifetime of a concurrency slot not renewed (a crashed instance's slots lapse after it). */
  leaseMs?: number;
  /**
   * Longest a finished request's concurrency slot stays taken for the other instances (releases
   * go out in batches, or with this instance's next admission of the same key). Default 5 ms.
   */
  releaseFlushMs?: number;
  /**
   * Longest a finished request's tokens and credits wait before they reach Redis (charges go out
   * in batches, or before this instance's next admission of a key whose tpm or budget reads
   * them). Default 20 ms.
   */
  chargeFlushMs?: number;
  /**
   * A key with large rpm / concurrency limits takes admissions ahead (allowance.ts): how long
   * granted rpm entries stay usable (default 1000 ms), and how long a finished request's slot is
   * kept for the key's next request (default 500 ms).
   */
  allowanceLifeMs?: number;
  allowanceIdleMs?: number;
}

const DAY_TTL_SEC = 2 * 86_400;
const MONTH_TTL_SEC = 32 * 86_400;
/** The admit command's constant start (resp-channel.ts): EVALSHA, the script's sha, 6 KEYS. */
const ADMIT_HEAD = `${bulk('EVALSHA')}${bulk(sha1(ADMIT_LUA))}${bulk('6')}`;

export class RedisLimits implements GatewayLimits {
  readonly mode = 'redis' as const;
  readonly subscribers;
  readonly accountStates: RedisAccountStates;
  private readonly redis: Redis & LimitCommands;
  private readonly leaseMs: number;
  private readonly paceMs: number;
  /** This instance's lease ids: a short random prefix, then a counter. */
  private readonly instance = `${randomBytes(4).toString('base64url')}:`;
  private readonly plans: AdmitPlans;
  private readonly pacerKey: string;
  /** The admit script's per-instance argument, with and without the global pacer. */
  private readonly withPace: string;
  private readonly withoutPace: string;
  private readonly withPaceWire: string;
  private readonly withoutPaceWire: string;
  /** The lean connection for admissions and releases (absent: ioredis for everything). */
  private readonly channel?: RespChannel;
  private seq = 0;
  /** Leases this instance holds: lease id → the key's concurrency set. */
  private readonly held = new Map<string, string>();
  /** Keys seen with a tokens-per-minute limit (only their answers are charged tokens). */
  private readonly metered = new Set<string>();
  private readonly renewTimer: NodeJS.Timeout;
  private readonly releases: LeaseReleases;
  private readonly charges: ChargeBatch;
  private seeding?: Promise<void>;
  /** Allowances holding something (allowance.ts), swept by `sweepTimer` while there are any. */
  private readonly pooling = new Set<Allowance>();
  private sweepTimer?: NodeJS.Timeout;
  /** Bumped when Redis comes back: a slot admitted before is released, not pooled again. */
  private generation = 0;
  private readonly lifeMs: number;
  private readonly idleMs: number;
  /** The admit script's "want lifeMs" argument as RESP, by want (0: one admission). */
  private readonly wantWire: string[] = [];

  constructor(private readonly o: RedisLimitsOptions) {
    this.leaseMs = o.leaseMs ?? 30_000;
    this.lifeMs = o.allowanceLifeMs ?? 1000;
    this.idleMs = o.allowanceIdleMs ?? 500;
    for (let n = 0; n <= MAX_WANT; n++) this.wantWire.push(bulk(`${n} ${n > 0 ? this.lifeMs : 0}`));
    this.paceMs = o.rateLimitSec && o.rateLimitSec > 0 ? Math.round(o.rateLimitSec * 1000) : -1;
    this.plans = new AdmitPlans(o.prefix);
    this.pacerKey = `${o.prefix}pacer`;
    const wait = o.rateLimitWait ? 1 : 0;
    this.withPace = `${this.leaseMs} ${this.paceMs} ${wait}`;
    this.withoutPace = `${this.leaseMs} -1 ${wait}`;
    this.withPaceWire = bulk(this.withPace);
    this.withoutPaceWire = bulk(this.withoutPace);
    if (o.url)
      this.channel = new RespChannel({ url: o.url, scripts: [ADMIT_LUA, CHARGE_LUA], timeoutMs: 250 });
    const redis = o.link.client as Redis & LimitCommands;
    redis.defineCommand('cgwAdmit', { numberOfKeys: 6, lua: ADMIT_LUA });
    redis.defineCommand('cgwCharge', { lua: CHARGE_LUA });
    redis.defineCommand('cgwRenew', { lua: RENEW_LUA });
    this.redis = redis;
    this.releases = new LeaseReleases(
      redis,
      o.releaseFlushMs ?? 5,
      () => o.link.up,
      () => o.link.coalesce(),
      this.channel,
    );
    this.charges = new ChargeBatch(
      redis,
      o.chargeFlushMs ?? 20,
      { daySec: DAY_TTL_SEC, monthSec: MONTH_TTL_SEC },
      o.link,
      (keyId, day, month) => ({
        tpm: this.k('tpm', keyId),
        day: this.k('credits-day', `${keyId}:${day}`),
        month: this.k('credits-month', `${keyId}:${month}`),
      }),
      this.channel,
    );
    this.subscribers = [...o.local.subscribers, (r: OutcomeRecord) => this.charge(r)];
    this.accountStates = createRedisAccountStates({ link: o.link, prefix: o.prefix, log: o.log });
    // Seeded on every (re)connection: a Redis that came back empty gets today's spend again.
    o.link.onUp(() => {
      // What was taken ahead before may be gone with an empty Redis: asked for again.
      this.generation++;
      for (const a of this.pooling) a.reset(false);
      this.pooling.clear();
      void this.channel?.connect();
      this.seeding = this.seed().catch((err: Error) =>
        o.log.warn(`could not seed the shared budget counters: ${err.message}`),
      );
    });
    this.renewTimer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref();
  }

  private k(kind: string, id: string): string {
    return `${this.o.prefix}${kind}:${id}`;
  }

  async admit(req: AdmitRequest): Promise<() => void> {
    const key = req.key;
    const l = key?.limits;
    const judged =
      l !== undefined &&
      (l.rpm !== undefined ||
        l.concurrent !== undefined ||
        l.tpm !== undefined ||
        l.dailyCredits !== undefined ||
        l.monthlyCredits !== undefined);
    const pace = req.pace && this.paceMs > 0;
    if (!judged && !pace) return noop;
    if (!this.o.link.up) return this.o.local.admit(req);
    const now = Date.now();
    const plan = this.plans.get(key, now);
    let allowance: Allowance | undefined;
    if (plan.pooled && !pace && key) {
      allowance = plan.allowance ?? this.allowanceOf(plan);
      const slot = allowance.take(now);
      // Taken ahead: no round trip.
      if (slot !== undefined) return this.pooledRelease(allowance, slot, this.o.local.keys.record(key));
    }
    const lease = `${this.instance}${++this.seq}`;
    const released = plan.leased ? this.releases.take(plan.conc) : undefined;
    const want = allowance ? allowance.want : 0;
    let reply: number;
    // This instance's own spend first, when the key's limits read it: sent before the admission
    // on the same connection (the lean one, or ioredis's), so Redis counts it first.
    const ordered = key !== undefined && (plan.metered || plan.budgeted) && this.charges.has(key.id);
    try {
      if (this.channel?.up) {
        if (ordered) void this.charges.flush();
        try {
          reply = await this.channelAdmit(plan, lease, pace, want, released);
        } catch (err) {
          // The script is not loaded there (SCRIPT FLUSH): ioredis loads it itself.
          if (!(err instanceof RedisReplyError && err.message.startsWith('NOSCRIPT'))) throw err;
          this.channel.reload();
          reply = await this.linkAdmit(plan, lease, pace, want, released, false);
        }
      } else reply = await this.linkAdmit(plan, lease, pace, want, released, ordered);
    } catch (err) {
      this.o.link.failed(err as Error);
      return this.o.local.admit(req);
    }
    const code = reply % 8;
    const value = (reply - code) / 8;
    if (code !== 0) {
      // Refused while this instance's own pool got what the request needs (a grant of a request
      // that answered first, a slot just freed): taken from there, not refused for it.
      if (allowance && key) {
        const slot = allowance.take(Date.now());
        if (slot !== undefined) return this.pooledRelease(allowance, slot, this.o.local.keys.record(key));
      }
      throw this.refusal(code, value, key, now);
    }
    if (plan.metered && key) this.metered.add(key.id);
    const releaseLocal = key ? this.o.local.keys.record(key) : noop;
    if (allowance) {
      const slots = value % 128;
      for (let i = 1; i <= slots; i++) this.held.set(`${lease}.${i}`, plan.conc);
      allowance.add(lease, (value - slots) / 128, slots, now);
      this.pooling.add(allowance);
      this.sweepSoon();
      return this.pooledRelease(allowance, slots > 0 ? `${lease}.1` : '', releaseLocal);
    }
    const release = this.holdLease(plan.leased ? plan.conc : undefined, lease, releaseLocal);
    if (value > 0) {
      try {
        await sleep(value, req.cancel);
      } catch (err) {
        release();
        throw err;
      }
    }
    return release;
  }

  /** The admit script on the lean connection: one string, an integer reply by callback. */
  private channelAdmit(
    plan: AdmitPlan,
    lease: string,
    pace: boolean,
    want: number,
    released: string[] | undefined,
  ): Promise<number> {
    let wire = `*${13 + (released?.length ?? 0)}\r\n${ADMIT_HEAD}${plan.keysWire}${bulk(lease)}${plan.specWire}${pace ? this.withPaceWire : this.withoutPaceWire}${this.wantWire[want]}`;
    if (released) for (const id of released) wire += bulk(id);
    return new Promise((resolve, reject) => {
      const sent = this.channel?.send(wire, (err, value) => (err ? reject(err) : resolve(value)));
      if (!sent) reject(new Error('connection closed'));
    });
  }

  /** The admit script through ioredis (before the lean connection is up, or after its charges). */
  private linkAdmit(
    plan: AdmitPlan,
    lease: string,
    pace: boolean,
    want: number,
    released: string[] | undefined,
    flushCharges: boolean,
  ): Promise<number> {
    const args = [
      plan.conc,
      plan.rpm,
      plan.tpm,
      plan.day,
      plan.month,
      this.pacerKey,
      lease,
      plan.spec,
      pace ? this.withPace : this.withoutPace,
      `${want} ${want > 0 ? this.lifeMs : 0}`,
    ];
    if (flushCharges) void this.charges.flush();
    this.o.link.coalesce();
    return this.redis.cgwAdmit(...(released ? args.concat(released) : args));
  }

  private holdLease(set: string | undefined, lease: string, releaseLocal: () => void): () => void {
    if (set) this.held.set(lease, set);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      releaseLocal();
      if (!set) return;
      this.held.delete(lease);
      // No round trip of its own: batched, or carried by the next admission of the key.
      this.releases.add(set, lease);
    };
  }

  /** The key's allowance (one per plan: limits edited make a new plan, and a new allowance). */
  private allowanceOf(plan: AdmitPlan): Allowance {
    const conc = plan.conc;
    const rpm = plan.rpm;
    const l = plan.limits;
    plan.allowance = new Allowance(
      l.rpm !== undefined,
      l.concurrent !== undefined,
      Math.floor((l.concurrent ?? 0) / 8),
      this.lifeMs,
      this.idleMs,
      {
        returnToken: (id) => this.releases.add(rpm, id),
        releaseSlot: (id) => this.dropSlot(id, conc),
      },
    );
    return plan.allowance;
  }

  /** A slot no longer held: not renewed, and removed from its set (batched). */
  private dropSlot(id: string, set: string | undefined): void {
    this.held.delete(id);
    if (set) this.releases.add(set, id);
  }

  /** The release of an admission from an allowance: its slot back to the pool (or to Redis). */
  private pooledRelease(allowance: Allowance, slot: string, releaseLocal: () => void): () => void {
    const generation = this.generation;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      releaseLocal();
      if (!slot) return;
      if (generation !== this.generation) {
        this.dropSlot(slot, this.held.get(slot));
        return;
      }
      allowance.giveBack(slot, Date.now());
      this.pooling.add(allowance);
      this.sweepSoon();
    };
  }

  /** Runs the sweep (unused tokens and idle slots back) while any allowance holds something. */
  private sweepSoon(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(
      () => {
        const now = Date.now();
        for (const a of this.pooling) if (!a.sweep(now)) this.pooling.delete(a);
        if (this.pooling.size === 0) {
          clearInterval(this.sweepTimer);
          this.sweepTimer = undefined;
        }
      },
      Math.max(20, Math.floor(Math.min(this.lifeMs, this.idleMs) / 4)),
    );
    this.sweepTimer.unref();
  }

  private refusal(code: number, value: number, key: LimitedKey | undefined, now: number) {
    const name = key?.name ?? '';
    const l = key?.limits ?? {};
    switch (code) {
      case 1:
        return limitError(name, `${l.concurrent} concurrent requests`, value / 1000);
      case 2:
        return limitError(name, `${l.rpm} requests per minute`, value / 1000);
      case 3:
        return limitError(name, `${l.tpm} tokens per minute`, value / 1000);
      case 4:
      case 5: {
        const period = code === 4 ? 'daily' : 'monthly';
        const limit = (code === 4 ? l.dailyCredits : l.monthlyCredits) ?? 0;
        const reset = code === 4 ? dayStartMs(dayOf(now) + 1) : monthStartMs(monthOf(now) + 1);
        return creditBudgetRefusal({ id: key?.id ?? '', name }, period, limit, value, reset, now);
      }
      default:
        return this.o.local.pacer?.refusal(value) ?? limitError(name, 'the gateway rate limit', value / 1000);
    }
  }

  async pace(cancel: Cancellation): Promise<void> {
    const release = await this.admit({ pace: true, cancel });
    release();
  }

  /** Tokens (keys with a tpm) and credits (every key) of a finished request; batched. */
  private charge(r: OutcomeRecord): void {
    if (r.keyId === undefined || !this.o.link.up) return;
    const tokens = this.metered.has(r.keyId) ? (r.usage?.inputTokens ?? 0) + (r.usage?.outputTokens ?? 0) : 0;
    const nano = Math.round(costOf(r, this.o.prices).nanoAiu ?? 0);
    if (tokens <= 0 && nano <= 0) return;
    this.charges.add(
      r.keyId,
      dayOf(r.startedAt),
      monthOf(r.startedAt),
      Math.max(0, tokens),
      Math.max(0, nano),
    );
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0 || !this.o.link.up) return;
    const sets = [...this.held.values()];
    const ids = [...this.held.keys()];
    await this.redis.cgwRenew(sets.length, ...sets, this.leaseMs, ...ids).catch(() => {});
  }

  /**
   * Seeds today's and this month's credit counters from the usage log when Redis has none (a new
   * Redis, or one that restarted empty): SET NX, so the first instance's figures win and the counts
   * the others already made are kept.
   */
  private async seed(): Promise<void> {
    const now = Date.now();
    const [monthly, daily] = await Promise.all([
      this.o.usage.costByKeySince(monthStartMs(monthOf(now))),
      this.o.usage.costByKeySince(dayStartMs(dayOf(now))),
    ]);
    const batch = this.redis.pipeline();
    for (const [keyId, nano] of daily)
      batch.set(this.k('credits-day', `${keyId}:${dayOf(now)}`), Math.round(nano), 'EX', DAY_TTL_SEC, 'NX');
    for (const [keyId, nano] of monthly)
      batch.set(
        this.k('credits-month', `${keyId}:${monthOf(now)}`),
        Math.round(nano),
        'EX',
        MONTH_TTL_SEC,
        'NX',
      );
    await batch.exec();
  }

  async readiness(): Promise<LimitsReadiness> {
    const ok = await this.o.link.ping();
    return ok
      ? { ok: true, configured: true, shared: true }
      : { ok: false, configured: true, shared: false, error: this.o.link.error };
  }

  async start(): Promise<void> {
    await this.o.link.connect();
    await this.channel?.connect();
    await this.accountStates.start();
    if (this.o.link.up) {
      await this.seeding;
      this.o.log.info(`limits and cooldowns are shared through Redis at ${this.o.link.where}`);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.renewTimer);
    clearInterval(this.sweepTimer);
    for (const a of this.pooling) a.reset(true);
    this.pooling.clear();
    for (const [lease, set] of this.held) this.releases.add(set, lease);
    this.held.clear();
    await Promise.all([this.releases.flush(), this.charges.flush()]);
    this.channel?.close();
    await this.accountStates.close();
    await this.o.link.close();
  }
}
