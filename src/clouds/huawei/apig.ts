/**
 * Huawei Cloud API Gateway (dedicated gateway, API v2): load-balance (VPC) channels. Typed calls, the client
 * factory and error predicates; the wire shapes are in `apigWire.ts`.
 */
import { z } from "zod";
import { CloudApiError } from "../../core/errors";
import { HttpClient } from "../../core/http";
import { ConfigSource } from "../../core/settings";
import { huaweiClient } from "./protocol";
import {
  HealthConfigBody,
  HealthConfigWire,
  HealthConfigWireSchema,
  MemberBody,
  MemberGroupBody,
  MemberGroupListWireSchema,
  MemberGroupWire,
  MemberGroupWireSchema,
  MemberListWireSchema,
  MemberWire,
  VpcChannelBody,
  VpcChannelListWireSchema,
  VpcChannelWire,
  VpcChannelWireSchema,
} from "./apigWire";

export * from "./apigWire";

// ---------------------------------------------------------------- calls

const JSON_HEADERS = { "content-type": "application/json;charset=UTF-8" };
const PAGE = 500;

type Query = Array<[string, string]>;

export class ApigClient {
  constructor(
    private readonly http: HttpClient,
    private readonly projectId: string,
  ) {}

  /** POST. `reconcile` runs when the outcome is unknown, so a lost response never causes a second channel. */
  createVpcChannel(
    instanceId: string,
    body: VpcChannelBody,
    reconcile: () => Promise<VpcChannelWire | undefined>,
  ): Promise<VpcChannelWire> {
    return this.send("CreateVpcChannel", "POST", this.channels(instanceId), body, VpcChannelWireSchema, { reconcile });
  }

  showVpcChannel(instanceId: string, id: string): Promise<VpcChannelWire> {
    return this.get("ShowVpcChannel", this.channels(instanceId, id), VpcChannelWireSchema);
  }

  updateVpcChannel(instanceId: string, id: string, body: VpcChannelBody): Promise<VpcChannelWire> {
    return this.send("UpdateVpcChannel", "PUT", this.channels(instanceId, id), body, VpcChannelWireSchema);
  }

  deleteVpcChannel(instanceId: string, id: string): Promise<void> {
    return this.del("DeleteVpcChannel", this.channels(instanceId, id));
  }

  // Member and member-group sub-APIs: each touches only what it names, so stacks sharing a channel never overwrite
  // each other (the channel PUT replaces every member and group).

  /** Every member of a channel (all pages), optionally of one group. */
  listMembers(instanceId: string, id: string, filter: { groupId?: string } = {}): Promise<MemberWire[]> {
    const query: Query = filter.groupId ? [["member_group_id", filter.groupId]] : [];
    const path = this.channels(instanceId, id, "members");
    return this.pages("ListBackendInstances", path, query, MemberListWireSchema, (p) => p.members ?? []);
  }

  /**
   * AddBackendInstances: adds members, and updates in place a member whose address (group, host or ECS id, port)
   * exists; every field not sent is reset, so callers send whole members. An upsert: safe to re-send.
   */
  async upsertMembers(instanceId: string, id: string, members: MemberBody[]): Promise<MemberWire[]> {
    const path = this.channels(instanceId, id, "members");
    const body = await this.send("AddBackendInstances", "POST", path, { members }, MemberListWireSchema, {
      idempotent: true,
    });
    return body.members ?? [];
  }

  deleteMember(instanceId: string, id: string, memberId: string): Promise<void> {
    return this.del("DeleteBackendInstance", this.channels(instanceId, id, `members/${memberId}`));
  }

  /** BatchEnableMembers / BatchDisableMembers: sets only the members' status. */
  async setMembersStatus(instanceId: string, id: string, memberIds: string[], enable: boolean): Promise<void> {
    const path = this.channels(instanceId, id, `members/batch-${enable ? "enable" : "disable"}`);
    const operation = enable ? "BatchEnableMembers" : "BatchDisableMembers";
    await this.send(operation, "POST", path, { member_ids: memberIds }, z.unknown(), { idempotent: true });
  }

  listMemberGroups(instanceId: string, id: string): Promise<MemberGroupWire[]> {
    const path = this.channels(instanceId, id, "member-groups");
    return this.pages("ListMemberGroups", path, [], MemberGroupListWireSchema, (p) => p.member_groups ?? []);
  }

  /** CreateMemberGroup: adds groups, and updates in place a group whose name exists. An upsert: safe to re-send. */
  async upsertMemberGroups(instanceId: string, id: string, groups: MemberGroupBody[]): Promise<MemberGroupWire[]> {
    const path = this.channels(instanceId, id, "member-groups");
    const body = await this.send(
      "CreateMemberGroup",
      "POST",
      path,
      { member_groups: groups },
      MemberGroupListWireSchema,
      {
        idempotent: true,
      },
    );
    return body.member_groups ?? [];
  }

  showMemberGroup(instanceId: string, id: string, groupId: string): Promise<MemberGroupWire> {
    return this.get(
      "ShowMemberGroup",
      this.channels(instanceId, id, `member-groups/${groupId}`),
      MemberGroupWireSchema,
    );
  }

  /** UpdateMemberGroup: replaces the group's fields (same id; a new name renames it in place). */
  updateMemberGroup(instanceId: string, id: string, groupId: string, group: MemberGroupBody): Promise<MemberGroupWire> {
    const path = this.channels(instanceId, id, `member-groups/${groupId}`);
    return this.send("UpdateMemberGroup", "PUT", path, group, MemberGroupWireSchema);
  }

  deleteMemberGroup(instanceId: string, id: string, groupId: string): Promise<void> {
    return this.del("DeleteMemberGroup", this.channels(instanceId, id, `member-groups/${groupId}`));
  }

  /** UpdateHealthCheck: replaces only the health check. */
  updateHealthCheck(instanceId: string, id: string, health: HealthConfigBody): Promise<HealthConfigWire> {
    const path = this.channels(instanceId, id, "health-config");
    return this.send("UpdateHealthCheck", "PUT", path, health, HealthConfigWireSchema);
  }

  /** Finds a channel by exact name (`precise_search=name`), or undefined. */
  async findVpcChannelByName(instanceId: string, name: string): Promise<{ id: string } | undefined> {
    const query: Query = [
      ["name", name],
      ["precise_search", "name"],
      ["limit", String(PAGE)],
      ["offset", "0"],
    ];
    const page = await this.get("ListVpcChannels", this.channels(instanceId), VpcChannelListWireSchema, query);
    const match = (page.vpc_channels ?? []).find((c) => c.name === name);
    return match ? { id: match.id } : undefined;
  }

  // ---- request shapes

  /** `/v2/{project}/apigw/instances/{instance}/vpc-channels[/{id}[/{sub}]]`. */
  private channels(instanceId: string, id?: string, sub?: string): string {
    const base = `/v2/${this.projectId}/apigw/instances/${instanceId}/vpc-channels`;
    return [base, id, sub].filter(Boolean).join("/");
  }

  private get<T>(operation: string, path: string, schema: z.ZodType<T>, query: Query = []): Promise<T> {
    return this.http.call({ operation, request: { method: "GET", path, query, headers: {} }, schema });
  }

  private send<T>(
    operation: string,
    method: "POST" | "PUT",
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    options: { idempotent?: boolean; reconcile?: () => Promise<T | undefined> } = {},
  ): Promise<T> {
    const request = { method, path, query: [], headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
    return this.http.call({ operation, request, schema, ...options });
  }

  private async del(operation: string, path: string): Promise<void> {
    await this.http.call({
      operation,
      request: { method: "DELETE", path, query: [], headers: {} },
      schema: z.unknown(),
    });
  }

  /** All pages of a list call (500 per page, the most the service returns). */
  private async pages<P extends { total?: number | null }, T>(
    operation: string,
    path: string,
    query: Query,
    schema: z.ZodType<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.get(operation, path, schema, [
        ...query,
        ["limit", String(PAGE)],
        ["offset", String(offset)],
      ]);
      const found = items(page);
      out.push(...found);
      const total = page.total;
      if (found.length < PAGE || (typeof total === "number" && out.length >= total)) return out;
    }
  }
}

// ---------------------------------------------------------------- client factory and errors

/** The APIG client for a channel's placement (argument > stack config > environment), with its resolved place. */
export const apigClient = (config: ConfigSource, placement: { projectId?: string; region?: string }) =>
  huaweiClient("APIG", ApigClient, config, placement);

/** A member or group id the channel does not have (`APIG.3024`). */
export function isMemberNotFound(err: unknown): boolean {
  return err instanceof CloudApiError && err.code === "APIG.3024";
}

/** The channel does not exist (`APIG.3023`, or a 404 other than the gateway's own `APIG.3030`). */
export function isNotFound(err: unknown): boolean {
  return (
    err instanceof CloudApiError &&
    (err.code === "APIG.3023" || (err.status === 404 && err.code !== "APIG.3030" && err.code !== "APIG.3024"))
  );
}
