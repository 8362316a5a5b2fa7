// The Lua scripts the Redis limits run. Each runs atomically inside Redis, so check and record are
// one step: two instances can never both take the last slot (no read-modify-write race). Time is
// Redis's own clock (TIME), so instances with skewed clocks still share one window.

/**
 * admit: one round trip per request. Judges, in the guard's order, the key's daily and monthly
 * credits, its concurrent requests (a sorted set of leases scored by expiry, so a crashed
 * instance's slots lapse), its requests per minute (sliding window: a sorted set of start times),
 * its tokens per minute (a hash second → tokens), then the global pacer (next free slot); records
 * only when everything passed.
 *
 * KEYS: conc, rpm, tpm, day credits, month credits, pacer.
 * ARGV: lease id; the key's limits "concurrent rpm tpm dailyNano monthlyNano" (admit-plan.ts);
 *       this instance's "leaseMs paceMs paceWait(1/0)"; a limit of -1 is not judged; "want lifeMs":
 *       want 0 admits this one request (lease id as given), want n >= 1 grants up to n admissions
 *       at once (allowance.ts: ids "<lease>.1" …, rpm entries scored at now + lifeMs, each grant
 *       at most 1/8 of what is left of the limit, and at least 1); then any lease ids
 *       this instance released from the key's concurrency set since (lease-releases.ts), removed
 *       before counting.
 * Returns one integer, value * 8 + code: code 0 admitted (value = ms to wait for the pacer slot;
 * with want >= 1, rpm entries granted * 128 + slots granted), 1 concurrency (value = ms), 2 rpm
 * (ms until the oldest start leaves), 3 tpm (ms), 4 daily / 5 monthly budget (value = nano used),
 * 6 pacer (ms until the next slot).
 */
export const ADMIT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = ARGV[1]
local c, r, tp, d, m = string.match(ARGV[2], '^(%S+) (%S+) (%S+) (%S+) (%S+)$')
local conc, rpm, tpm, daily, monthly = tonumber(c), tonumber(r), tonumber(tp), tonumber(d), tonumber(m)
local lm, p, w = string.match(ARGV[3], '^(%S+) (%S+) (%S+)$')
local leaseMs, pace, paceWait = tonumber(lm), tonumber(p), w == '1'
local wn, lf = string.match(ARGV[4], '^(%S+) (%S+)$')
local want, life = tonumber(wn), tonumber(lf)
local function reply(code, value)
  return math.max(0, math.floor(value)) * 8 + code
end
for i = 5, #ARGV, 500 do
  redis.call('ZREM', KEYS[1], unpack(ARGV, i, math.min(i + 499, #ARGV)))
end
local held, inWindow = 0, 0
local function grant(limit, count)
  if want < 1 then return 1 end
  return math.max(1, math.min(want, math.floor((limit - count) / 8)))
end
local function record(set, n, score)
  if want < 1 then
    redis.call('ZADD', set, score, lease)
    return
  end
  local args = {}
  for i = 1, n do
    args[#args + 1] = score
    args[#args + 1] = lease .. '.' .. i
  end
  redis.call('ZADD', set, unpack(args))
end
if daily >= 0 then
  local used = tonumber(redis.call('GET', KEYS[4]) or '0')
  if used >= daily then return reply(4, used) end
end
if monthly >= 0 then
  local used = tonumber(redis.call('GET', KEYS[5]) or '0')
  if used >= monthly then return reply(5, used) end
end
if conc >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  held = redis.call('ZCARD', KEYS[1])
  if held >= conc then return reply(1, 1000) end
end
if rpm >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000)
  inWindow = redis.call('ZCARD', KEYS[2])
  if inWindow >= rpm then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return reply(2, tonumber(oldest[2]) + 60000 - now)
  end
end
if tpm >= 0 then
  local sec = math.floor(now / 1000)
  local all = redis.call('HGETALL', KEYS[3])
  local used = 0
  local oldest = nil
  for i = 1, #all, 2 do
    local s = tonumber(all[i])
    if s <= sec - 60 then
      redis.call('HDEL', KEYS[3], all[i])
    else
      used = used + tonumber(all[i + 1])
      if oldest == nil or s < oldest then oldest = s end
    end
  end
  if oldest ~= nil and used >= tpm then return reply(3, (oldest + 60) * 1000 - now) end
end
local wait = 0
if pace >= 0 then
  local nextSlot = tonumber(redis.call('GET', KEYS[6]) or '0')
  if now >= nextSlot then
    redis.call('SET', KEYS[6], now + pace, 'PX', pace + 1000)
  elseif not paceWait then
    return reply(6, nextSlot - now)
  else
    wait = nextSlot - now
    redis.call('SET', KEYS[6], nextSlot + pace, 'PX', wait + pace + 1000)
  end
end
local slots, entries = 0, 0
if conc >= 0 then
  slots = grant(conc, held)
  record(KEYS[1], slots, now + leaseMs)
  redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
end
if rpm >= 0 then
  entries = grant(rpm, inWindow)
  record(KEYS[2], entries, now + life)
  redis.call('PEXPIRE', KEYS[2], 61000 + life)
end
if want >= 1 then return reply(0, entries * 128 + slots) end
return reply(0, wait)
`;

/**
 * charge: the spend of finished requests, batched (charges.ts: off the requests' path). KEYS: tpm,
 * day credits, month credits, once per charge; ARGV: day ttl s, month ttl s, then tokens (0: none)
 * and nano (0: none) per charge, in KEYS order.
 */
export const CHARGE_LUA = `
local t = redis.call('TIME')
local sec = tostring(tonumber(t[1]))
local dayTtl = tonumber(ARGV[1])
local monthTtl = tonumber(ARGV[2])
for i = 1, #KEYS, 3 do
  local j = (i - 1) / 3 * 2 + 3
  local tokens = tonumber(ARGV[j])
  local nano = tonumber(ARGV[j + 1])
  if tokens > 0 then
    redis.call('HINCRBY', KEYS[i], sec, tokens)
    redis.call('EXPIRE', KEYS[i], 120)
  end
  if nano > 0 then
    redis.call('INCRBY', KEYS[i + 1], nano)
    redis.call('EXPIRE', KEYS[i + 1], dayTtl)
    redis.call('INCRBY', KEYS[i + 2], nano)
    redis.call('EXPIRE', KEYS[i + 2], monthTtl)
  end
end
return #KEYS / 3
`;

/** renew: pushes the expiry of the leases this instance still holds. KEYS: conc sets;
 * ARGV: lease ms, then one lease id per key. */
export const RENEW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local leaseMs = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'XX', now + leaseMs, ARGV[i + 1])
  redis.call('PEXPIRE', KEYS[i], leaseMs * 2)
end
return #KEYS
`;
