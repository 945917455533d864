// The comparison peer: a VpcChannel dynamic provider written the common way, as in most blog posts and
// examples: a class whose instance holds a config object (endpoint, credentials), an axios client, zod schemas
// and helper functions in module scope, and a new provider instance per resource. Pulumi serializes all of it
// by value into every resource's state. It really works against the emulator: the package's signer and wire
// shapes are used the way a user copies such code into a program (a local file, so serialized by value).
"use strict";
// Module objects used through properties, as TypeScript's CommonJS output does (`import { z } from "zod"`).
const axios = require("axios");
const zod = require("zod");
const pulumi = require("@pulumi/pulumi");
const signing = require("../dist/signing/huawei.js");

// Built per call: schema objects captured directly cannot be serialized (zod binds its methods in the
// constructor), so the common workaround is a factory function, which Pulumi serializes with `z` as a require.
function channelSchema() {
  const z = zod.z;
  const MemberSchema = z.object({
    host: z.string().min(1).max(255),
    port: z.number().int().min(0).max(65535).optional(),
    weight: z.number().int().min(0).max(10000).optional(),
    groupName: z.string().optional(),
  });
  const GroupSchema = z.object({
    name: z.string().min(3).max(64),
    weight: z.number().int().min(0).max(100).optional(),
  });
  const HealthCheckSchema = z.object({
    protocol: z.enum(["TCP", "HTTP", "HTTPS"]),
    path: z.string().optional(),
    thresholdNormal: z.number().int().min(1).max(10),
    thresholdAbnormal: z.number().int().min(1).max(10),
    interval: z.number().int().min(1).max(300),
    timeout: z.number().int().min(1).max(30),
    httpCodes: z.string().optional(),
  });
  const ChannelSchema = z.object({
    instanceId: z.string().min(1),
    name: z.string().min(3).max(64),
    port: z.number().int().min(1).max(65535),
    balanceStrategy: z.enum(["roundRobin", "leastConnections", "sourceHash", "uriHash"]).default("roundRobin"),
    memberType: z.enum(["ip", "ecs"]).default("ip"),
    memberGroups: z.array(GroupSchema).default([]),
    members: z.array(MemberSchema).default([]),
    healthCheck: HealthCheckSchema.optional(),
  });
  return ChannelSchema;
}

const STRATEGIES = ["roundRobin", "leastConnections", "sourceHash", "uriHash"];

function toBody(args) {
  return {
    name: args.name,
    port: args.port,
    balance_strategy: STRATEGIES.indexOf(args.balanceStrategy) + 1,
    member_type: args.memberType,
    vpc_channel_type: "builtin",
    member_groups: args.memberGroups.map((g) => ({ member_group_name: g.name, member_group_weight: g.weight })),
    members: args.members.map((m) => ({
      host: m.host,
      port: m.port ?? args.port,
      weight: m.weight,
      member_group_name: m.groupName,
    })),
    vpc_health_config: args.healthCheck && {
      protocol: args.healthCheck.protocol,
      path: args.healthCheck.path,
      threshold_normal: args.healthCheck.thresholdNormal,
      threshold_abnormal: args.healthCheck.thresholdAbnormal,
      time_interval: args.healthCheck.interval,
      timeout: args.healthCheck.timeout,
      http_code: args.healthCheck.httpCodes,
    },
  };
}

function fromWire(inputs, wire) {
  return {
    ...inputs,
    channelId: wire.id,
    status: wire.status,
    createTime: wire.create_time,
    members: (wire.members ?? []).map((m) => ({
      host: m.host,
      port: m.port,
      weight: m.weight,
      groupName: m.member_group_name,
    })),
    memberGroups: (wire.member_groups ?? []).map((g) => ({ name: g.member_group_name, weight: g.member_group_weight })),
  };
}

function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

class NaiveVpcChannelProvider {
  constructor(config) {
    this.config = config;
  }

  // Built per call: an axios instance stored on `this` cannot be serialized (bound natives inside axios).
  client() {
    return axios.create({ baseURL: this.config.endpoint, timeout: 30000 });
  }

  basePath(instanceId) {
    return `/v2/${this.config.projectId}/apigw/instances/${instanceId}/vpc-channels`;
  }

  async request(method, path, body) {
    const data = body === undefined ? "" : JSON.stringify(body);
    const headers = { host: new URL(this.config.endpoint).host, "x-project-id": this.config.projectId };
    if (data) headers["content-type"] = "application/json";
    const key = { accessKey: this.config.accessKey, secretKey: this.config.secretKey };
    const signed = signing.signHuawei({ method, path, query: [], headers, body: data }, key, new Date());
    const res = await this.client().request({
      method,
      url: path,
      data: data || undefined,
      headers: { ...headers, ...signed },
      transformRequest: [(d) => d],
      validateStatus: () => true,
    });
    if (res.status === 404 && method !== "POST") return undefined;
    if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(res.data)}`);
    return res.data;
  }

  async check(_olds, news) {
    const rest = { ...news };
    delete rest.__provider;
    const parsed = channelSchema().safeParse(rest);
    if (!parsed.success) {
      return { failures: parsed.error.issues.map((i) => ({ property: i.path.join("."), reason: i.message })) };
    }
    return { inputs: parsed.data };
  }

  async diff(_id, olds, news) {
    const replaces = olds.instanceId !== news.instanceId ? ["instanceId"] : [];
    const fields = ["name", "port", "balanceStrategy", "memberType", "memberGroups", "members", "healthCheck"];
    const changed = fields.filter((f) => !sameJson(olds[f], news[f]));
    return { changes: replaces.length + changed.length > 0, replaces };
  }

  async create(inputs) {
    const created = await this.request("POST", this.basePath(inputs.instanceId), toBody(inputs));
    const wire = await this.request("GET", `${this.basePath(inputs.instanceId)}/${created.id}`);
    return { id: created.id, outs: fromWire(inputs, wire) };
  }

  async read(id, props) {
    const wire = await this.request("GET", `${this.basePath(props.instanceId)}/${id}`);
    return wire ? { id, props: fromWire(props, wire) } : {};
  }

  async update(id, _olds, news) {
    await this.request("PUT", `${this.basePath(news.instanceId)}/${id}`, toBody(news));
    const wire = await this.request("GET", `${this.basePath(news.instanceId)}/${id}`);
    return { outs: fromWire(news, wire) };
  }

  async delete(id, props) {
    await this.request("DELETE", `${this.basePath(props.instanceId)}/${id}`);
  }
}

/** Reads settings at program time, the way most examples do (they end up baked into the serialized closure). */
function configFromEnv(env = process.env) {
  return {
    endpoint: env.NAIVE_HW_ENDPOINT,
    projectId: env.NAIVE_HW_PROJECT_ID,
    accessKey: env.NAIVE_HW_ACCESS_KEY,
    secretKey: env.NAIVE_HW_SECRET_KEY,
  };
}

class NaiveVpcChannel extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(
      new NaiveVpcChannelProvider(configFromEnv()),
      name,
      { channelId: undefined, status: undefined, ...args },
      opts,
      "naive",
      "VpcChannel",
    );
  }
}

module.exports = { NaiveVpcChannelProvider, NaiveVpcChannel, configFromEnv };
