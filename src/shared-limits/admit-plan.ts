// What the admit script needs to know about a key, computed once per key (and its limits object:
// editing a key's limits gives it a new object, hence a new plan) rather than once per request:
// its Redis key names and its limits packed into one short argument. The credit counters' names
// follow the day and the month, so they are renamed when those change.
import { dayOf, monthOf } from '../usage/budgets.js';
import { NANO_PER_CREDIT } from '../usage/price-table.js';
import { type Allowance, type PoolLimits, poolable } from './allowance.js';
import { bulk } from './resp-channel.js';
import type { LimitedKey } from './types.js';

export interface AdmitPlan {
  readonly id: string;
  readonly conc: string;
  readonly rpm: string;
  readonly tpm: string;
  /** "concurrent rpm tpm dailyNano monthlyNano", -1 for a limit not judged. */
  readonly spec: string;
  /** Whether the key has a concurrency limit (a lease to hold and release). */
  readonly leased: boolean;
  readonly metered: boolean;
  /** Whether the key has a daily or monthly credit budget. */
  readonly budgeted: boolean;
  readonly limits: PoolLimits;
  /** Whether its admissions may be taken ahead (allowance.ts), and what this instance holds. */
  readonly pooled: boolean;
  allowance?: Allowance;
  dayNo: number;
  day: string;
  monthNo: number;
  month: string;
  /** The admit script's KEYS as RESP bulk strings (resp-channel.ts), renamed with the day. */
  keysWire: string;
  /** `spec` as a RESP bulk string. */
  readonly specWire: string;
}

const nano = (credits: number | undefined) =>
  credits !== undefined ? Math.ceil(credits * NANO_PER_CREDIT) : -1;

export class AdmitPlans {
  private readonly byLimits = new WeakMap<object, AdmitPlan>();
  /** For requests without a key (the pacer alone). */
  private readonly none: AdmitPlan;
  private readonly pacerWire: string;

  constructor(private readonly prefix: string) {
    this.pacerWire = bulk(`${prefix}pacer`);
    this.none = this.make(undefined);
  }

  /** The key's plan, its credit counter names current for `now`. */
  get(key: LimitedKey | undefined, now: number): AdmitPlan {
    let plan = this.none;
    // A key without limits (the pacer alone) is judged like no key.
    if (key?.limits) {
      const cached = this.byLimits.get(key.limits);
      plan = cached?.id === key.id ? cached : this.make(key);
      if (plan !== cached) this.byLimits.set(key.limits, plan);
    }
    const dayNo = dayOf(now);
    const monthNo = monthOf(now);
    if (dayNo !== plan.dayNo || monthNo !== plan.monthNo) {
      plan.dayNo = dayNo;
      plan.day = `${this.prefix}credits-day:${plan.id}:${dayNo}`;
      plan.monthNo = monthNo;
      plan.month = `${this.prefix}credits-month:${plan.id}:${monthNo}`;
      plan.keysWire =
        bulk(plan.conc) +
        bulk(plan.rpm) +
        bulk(plan.tpm) +
        bulk(plan.day) +
        bulk(plan.month) +
        this.pacerWire;
    }
    return plan;
  }

  private make(key: LimitedKey | undefined): AdmitPlan {
    const id = key?.id ?? '-';
    const l = key?.limits ?? {};
    const spec = [
      l.concurrent ?? -1,
      l.rpm ?? -1,
      l.tpm ?? -1,
      nano(l.dailyCredits),
      nano(l.monthlyCredits),
    ].join(' ');
    return {
      id,
      conc: `${this.prefix}conc:${id}`,
      rpm: `${this.prefix}rpm:${id}`,
      tpm: `${this.prefix}tpm:${id}`,
      spec,
      specWire: bulk(spec),
      leased: l.concurrent !== undefined,
      metered: l.tpm !== undefined,
      budgeted: l.dailyCredits !== undefined || l.monthlyCredits !== undefined,
      limits: l,
      pooled: poolable(l),
      allowance: undefined,
      dayNo: -1,
      day: '',
      monthNo: -1,
      month: '',
      keysWire: '',
    };
  }
}
