/**
 * Gate `healthyMembers`: the canary group's members as APIG's health check reports them (`health_status`). Members
 * that are disabled take no traffic and are not counted. Unhealthy members that leave too few healthy ones fail at
 * once; members whose health is not known yet are waited for, up to the timeout. A canary group without members
 * fails: a weight on it would send traffic nowhere.
 */
import type { MemberWire } from "../../clouds/huawei/apig";
import { conditionGate, Gate, Measurement } from "../gates";

export interface CanaryMembers {
  /** The channel's name, for messages. */
  label: string;
  members: MemberWire[];
}

/** Pure: the verdict over every channel's canary members. */
export function judgeMembers(channels: readonly CanaryMembers[], minHealthyPercent: number): Measurement {
  const limit = `≥ ${minHealthyPercent}% healthy`;
  const per = channels.map((c) => {
    const serving = c.members.filter((m) => m.status !== 2);
    const healthy = serving.filter((m) => m.health_status === "healthy").length;
    const unhealthy = serving.filter((m) => m.health_status === "unhealthy");
    const total = serving.length;
    const percent = total === 0 ? 0 : Math.floor((100 * healthy) / total);
    const measured = `${healthy} of ${total} canary members healthy (${percent}%) on ${c.label}`;
    const names = unhealthy.map((m) => m.host || m.ecs_id || m.id).join(", ");
    if (total === 0)
      return {
        outcome: "fail" as const,
        measured,
        detail: `${c.label}: the canary group has no member that can serve`,
      };
    if ((100 * (total - unhealthy.length)) / total < minHealthyPercent) {
      return { outcome: "fail" as const, measured, detail: `${c.label}: unhealthy canary members ${names}` };
    }
    if ((100 * healthy) / total >= minHealthyPercent) return { outcome: "pass" as const, measured, detail: measured };
    return {
      outcome: "wait" as const,
      measured,
      detail: `${c.label}: ${total - healthy - unhealthy.length} canary member(s) not checked yet`,
    };
  });
  const worst = per.find((p) => p.outcome === "fail") ?? per.find((p) => p.outcome === "wait") ?? per[0];
  if (!worst) return { outcome: "fail", limit, detail: "no channel to judge" };
  return { ...worst, limit, measured: per.map((p) => p.measured).join("; ") };
}

export function healthyMembersGate(options: {
  minHealthyPercent: number;
  timeoutMs: number;
  intervalMs: number;
  read: () => Promise<CanaryMembers[]>;
}): Gate {
  return conditionGate({
    name: "healthyMembers",
    timeoutMs: options.timeoutMs,
    intervalMs: options.intervalMs,
    measure: async () => judgeMembers(await options.read(), options.minHealthyPercent),
  });
}
