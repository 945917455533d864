/** The "advance after N reads" helper, without HTTP. */
import { countRead, emptySchedule, scheduleChanges } from "../../src/emulator/transitions";

describe("transitions", () => {
  it("applies each change after its number of further reads, counted from the previous change", () => {
    const schedule = emptySchedule<string>();
    scheduleChanges(schedule, [
      { afterReads: 2, change: "a" },
      { afterReads: 0, change: "b" },
      { afterReads: 1, change: "c" },
    ]);
    const seen = Array.from({ length: 5 }, () => countRead(schedule).join(","));
    expect(seen).toEqual(["", "", "a,b", "c", ""]);
    expect(schedule.pending).toEqual([]);
  });

  it("counts afresh when changes are scheduled on an empty queue", () => {
    const schedule = emptySchedule<string>();
    countRead(schedule);
    countRead(schedule);
    scheduleChanges(schedule, [{ afterReads: 1, change: "x" }]);
    expect(countRead(schedule)).toEqual([]);
    expect(countRead(schedule)).toEqual(["x"]);
  });
});
