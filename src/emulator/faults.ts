/**
 * Fault injection and rate limiting, so retry and parallelism tests stay deterministic: a fault fails matching
 * calls (count, or a seeded probability), delays them, drops the connection, or lets the call take effect and
 * then fails it (a create whose response was lost). The server renders failures in the cloud's error shape.
 */
import { z } from "zod";
import type { CloudId } from "./service";

// --- Schemas

export const FaultSpecSchema = z.object({
  match: z
    .object({
      /** A service id (`huawei-apig`, `huawei-asm`, `alibaba-sae`, `alibaba-asm`) or a cloud (`huawei`, `alibaba`). */
      service: z.string().optional(),
      action: z.string().optional(),
      method: z.string().optional(),
      pathPrefix: z.string().optional(),
    })
    .default({}),
  status: z.number().int().min(100).max(599).optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  /** Fire this many times, then stop (default: every matching call). */
  count: z.number().int().min(1).optional(),
  /** Probability of firing per matching call, drawn from a PRNG seeded per fault. */
  rate: z.number().min(0).max(1).optional(),
  /** PRNG seed for `rate` (default: the emulator's fault seed). */
  seed: z.number().int().optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  /** Destroy the socket without answering. */
  reset: z.boolean().optional(),
  /** Apply the call's effect first, then fail it. */
  afterHandling: z.boolean().optional(),
});
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

export interface Fault extends FaultSpec {
  id: number;
  fired: number;
  /** PRNG state (mulberry32). */
  prng: number;
}

export interface CallInfo {
  /** A service id (`huawei-apig`) or `unknown` for a call no route matched. */
  service: string;
  cloud: CloudId;
  action: string;
  method: string;
  path: string;
}

// --- Faults

/** mulberry32: small, seedable, good enough to decide "fail this call or not". */
function nextRandom(fault: Fault): number {
  fault.prng = (fault.prng + 0x6d2b79f5) | 0;
  let t = fault.prng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function matches(fault: Fault, call: CallInfo): boolean {
  const m = fault.match;
  return (
    (m.service === undefined || m.service === call.service || m.service === call.cloud) &&
    (m.action === undefined || m.action === call.action) &&
    (m.method === undefined || m.method.toUpperCase() === call.method) &&
    (m.pathPrefix === undefined || call.path.startsWith(m.pathPrefix))
  );
}

/** True when the fault changes the answer (not just its timing). */
export function faultFails(fault: FaultSpec): boolean {
  return fault.reset === true || fault.status !== undefined || fault.code !== undefined;
}

export class FaultTable {
  private faults: Fault[] = [];
  private nextId = 1;

  constructor(private readonly defaultSeed: number) {}

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, fired: 0, prng: spec.seed ?? this.defaultSeed };
    this.faults.push(fault);
    return fault;
  }

  list(): Array<Omit<Fault, "prng"> & { remaining?: number }> {
    return this.faults.map(({ prng: _p, ...f }) => ({
      ...f,
      ...(f.count !== undefined ? { remaining: f.count - f.fired } : {}),
    }));
  }

  clear(): void {
    this.faults = [];
    this.nextId = 1;
  }

  /** The first matching fault that fires for this call; firing uses up one of its count. */
  pick(call: CallInfo): Fault | undefined {
    for (const fault of this.faults) {
      if (!matches(fault, call)) continue;
      if (fault.count !== undefined && fault.fired >= fault.count) continue;
      if (fault.rate !== undefined && nextRandom(fault) >= fault.rate) continue;
      fault.fired++;
      return fault;
    }
    return undefined;
  }
}

// --- Rate limit

/** A fixed one-second window over all cloud calls; off when `perSecond` is undefined or 0. */
export class RateLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(public perSecond: number | undefined) {}

  /** Counts a call; false when it exceeds the limit. */
  take(nowMs: number): boolean {
    if (!this.perSecond) return true;
    const window = Math.floor(nowMs / 1000);
    if (window !== this.windowStart) {
      this.windowStart = window;
      this.used = 0;
    }
    this.used++;
    return this.used <= this.perSecond;
  }
}
