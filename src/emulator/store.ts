/**
 * State persistence for `--state FILE`: the whole emulated world as one JSON document, written atomically
 * (temp file + rename) after every change and re-read whenever the file changed on disk, so restarts and
 * several processes sharing the file agree.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";

export const SNAPSHOT_VERSION = 1;

/** Each service's state under its key (`huaweiApig`, `alibabaSae`, …), next to the format version. */
export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  [service: string]: unknown;
}

/** The key a service's state is kept under: `huawei-apig` → `huaweiApig`. */
export function snapshotKey(serviceId: string): string {
  return serviceId.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Identity of the file's current version: a rename changes the inode, a rewrite the mtime or size. */
function signature(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return undefined;
  }
}

export class StateFile {
  private seen: string | undefined;
  private written: string | undefined;

  constructor(readonly path: string) {}

  /** The stored snapshot, or undefined when there is no file yet. */
  load(): Snapshot | undefined {
    const sig = signature(this.path);
    if (sig === undefined) return undefined;
    const text = readFileSync(this.path, "utf8");
    const data = JSON.parse(text) as Partial<Snapshot>;
    if (data.version !== SNAPSHOT_VERSION) {
      throw new Error(`${this.path}: not a canary-mesh emulator state file (version ${String(data.version)})`);
    }
    this.seen = sig;
    this.written = text;
    return data as Snapshot;
  }

  /** True when another process (or a person) replaced the file since we last read or wrote it. */
  changedOnDisk(): boolean {
    const sig = signature(this.path);
    return sig !== undefined && sig !== this.seen;
  }

  /** Writes when the content changed: temp file in the same directory, then rename over the old one. */
  save(snapshot: Snapshot): void {
    const text = JSON.stringify(snapshot, null, 2);
    if (text === this.written) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, this.path);
    this.written = text;
    this.seen = signature(this.path);
  }
}
