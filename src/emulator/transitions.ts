/**
 * "Advance after N reads" (moto's managed state): time-based behaviour such as upgrade phases or proxy sync
 * is a queue of pending changes, each applied once N further reads have been answered since the previous
 * change. Reads, not wall time, keep tests deterministic. Plain JSON, so it persists with the rest of the state.
 */

export interface PendingChange<C> {
  /** Reads answered with the previous value before this change shows. 0 = the very next read sees it. */
  afterReads: number;
  change: C;
}

export interface Schedule<C> {
  /** Reads answered since the last applied change (or since scheduling began). */
  reads: number;
  pending: PendingChange<C>[];
}

export function emptySchedule<C>(): Schedule<C> {
  return { reads: 0, pending: [] };
}

/** Appends changes; when nothing was pending, counting starts afresh now. */
export function scheduleChanges<C>(schedule: Schedule<C>, changes: readonly PendingChange<C>[]): void {
  if (schedule.pending.length === 0) schedule.reads = 0;
  schedule.pending.push(...changes);
}

/** Counts one read and returns the changes to apply, in order, before answering it. */
export function countRead<C>(schedule: Schedule<C>): C[] {
  const due: C[] = [];
  while (schedule.pending.length > 0 && schedule.reads >= schedule.pending[0]!.afterReads) {
    due.push(schedule.pending.shift()!.change);
    schedule.reads = 0;
  }
  schedule.reads++;
  return due;
}
