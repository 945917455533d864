/** Gate `healthyMembers`, pure: the canary members' health as the verdict. */
import { judgeMembers } from "../../../src/rollout/gates/healthyMembers";

const member = (host: string, health: string, status = 1) => ({ host, health_status: health, status });

describe("judgeMembers", () => {
  it("passes when enough canary members are healthy, and says how many", () => {
    const m = judgeMembers(
      [{ label: "orders", members: [member("10.0.1.5", "healthy"), member("10.0.1.6", "healthy")] }],
      100,
    );
    expect(m).toMatchObject({
      outcome: "pass",
      measured: "2 of 2 canary members healthy (100%) on orders",
      limit: "≥ 100% healthy",
    });
  });

  it("fails at once when unhealthy members leave too few, naming them", () => {
    const m = judgeMembers(
      [{ label: "orders", members: [member("10.0.1.5", "unhealthy"), member("10.0.1.6", "healthy")] }],
      100,
    );
    expect(m).toMatchObject({ outcome: "fail", detail: "orders: unhealthy canary members 10.0.1.5" });
  });

  it("waits for members whose health is not known yet, and tolerates below the threshold", () => {
    expect(judgeMembers([{ label: "o", members: [member("a", "unknown"), member("b", "healthy")] }], 100).outcome).toBe(
      "wait",
    );
    expect(
      judgeMembers([{ label: "o", members: [member("a", "unhealthy"), member("b", "healthy")] }], 50).outcome,
    ).toBe("pass");
  });

  it("does not count disabled members, and fails a canary group with no member that can serve", () => {
    expect(
      judgeMembers([{ label: "o", members: [member("a", "unhealthy", 2), member("b", "healthy")] }], 100).outcome,
    ).toBe("pass");
    expect(judgeMembers([{ label: "o", members: [member("a", "healthy", 2)] }], 100)).toMatchObject({
      outcome: "fail",
      detail: "o: the canary group has no member that can serve",
    });
  });

  it("judges every channel: the worst decides, every measurement is reported", () => {
    const m = judgeMembers(
      [
        { label: "orders", members: [member("a", "healthy")] },
        { label: "payments", members: [member("b", "unhealthy")] },
      ],
      100,
    );
    expect(m.outcome).toBe("fail");
    expect(m.measured).toBe(
      "1 of 1 canary members healthy (100%) on orders; 0 of 1 canary members healthy (0%) on payments",
    );
  });
});
