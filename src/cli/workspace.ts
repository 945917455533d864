/**
 * The user's own stack through the Pulumi Automation API (`LocalWorkspace` over their project directory, their
 * backend and their credentials, as `pulumi` itself would use them): the rollouts in its state, the request config
 * key, and an `up` targeted at one rollout. Nothing is copied: state stays where the backend keeps it.
 */
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { ROLLOUT_TYPE } from "../review/rollouts";
import { INTENT_CONFIG_KEY } from "../rollout/surface";
import { CliUsageError, RolloutStackPort, StoredResource } from "./rollout";

const REQUESTS_KEY = `canary-mesh:${INTENT_CONFIG_KEY}`;

/** The lines of a failed command that say why (the engine's `error:` lines), not its whole output. */
export function errorLines(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^error:/i.test(l));
  const unique = [...new Set(lines)];
  return unique.length > 0 ? unique.slice(-5).join("\n") : text.trim().split("\n").slice(-5).join("\n");
}

export async function openStack(options: { stack?: string; cwd: string }): Promise<RolloutStackPort> {
  let ws: LocalWorkspace;
  try {
    ws = await LocalWorkspace.create({ workDir: options.cwd });
  } catch (err) {
    throw new CliUsageError(`${options.cwd} is not a Pulumi project directory (${errorLines(String(err))})`);
  }
  const current = await ws.stack().catch(() => undefined);
  const name = options.stack ?? current?.name;
  if (!name) {
    throw new CliUsageError(`no stack is selected in ${options.cwd}: pass --stack, or run pulumi stack select`);
  }
  let stack: Stack;
  try {
    stack = await Stack.select(name, ws);
  } catch (err) {
    throw new CliUsageError(`stack ${name} cannot be selected in ${options.cwd}: ${errorLines(String(err))}`);
  }
  // Selecting is a side effect on the user's workspace; every command below names the stack itself.
  if (current && current.name !== name) await ws.selectStack(current.name);

  return {
    stackName: name,
    async rollouts(): Promise<StoredResource[]> {
      const state = await stack.exportStack();
      const resources = (state.deployment as { resources?: Array<Record<string, unknown>> }).resources ?? [];
      return resources
        .filter((r) => r.type === ROLLOUT_TYPE && typeof r.urn === "string")
        .map((r) => ({
          urn: r.urn as string,
          name: (r.urn as string).split("::").pop()!,
          outputs: (r.outputs ?? {}) as Record<string, unknown>,
        }));
    },
    async requests(): Promise<Record<string, unknown>> {
      const all = await ws.getAllConfig(name);
      const value = all[REQUESTS_KEY]?.value;
      if (value === undefined || value === "") return {};
      try {
        const parsed = JSON.parse(value) as unknown;
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : {};
      } catch {
        throw new CliUsageError(
          `stack config ${REQUESTS_KEY} is not a JSON object: remove it (pulumi config rm ${REQUESTS_KEY})`,
        );
      }
    },
    async setRequests(requests: Record<string, unknown>): Promise<void> {
      if (Object.keys(requests).length === 0) await ws.removeConfig(name, REQUESTS_KEY);
      else await ws.setConfig(name, REQUESTS_KEY, { value: JSON.stringify(requests) });
    },
    async up(urn: string, message: string, onLine: (line: string) => void) {
      try {
        await stack.up({ target: [urn], message, color: "never", onOutput: onLine });
        return { ok: true };
      } catch (err) {
        return { ok: false, error: errorLines(String(err)) };
      }
    },
  };
}
