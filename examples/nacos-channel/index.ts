/**
 * A microservice channel fed by NACOS service discovery. The NACOS password comes from an encrypted stack secret
 * (`pulumi config set --secret nacosPassword ...`) and stays encrypted in state: the whole `microservice` block is
 * stored as a secret. Group weights are not allowed for NACOS channels, so groups carry versions instead.
 */
import * as pulumi from "@pulumi/pulumi";
import { huawei } from "pulumi-canary-mesh";

const config = new pulumi.Config();

const channel = new huawei.apig.VpcChannel("inventory", {
  instanceId: config.require("gatewayId"),
  name: "inventory-nacos",
  port: 8080,
  memberType: "ip",
  channelType: "microservice",
  microservice: {
    serviceType: "NACOS",
    nacos: {
      namespace: "prod",
      groupName: "DEFAULT_GROUP",
      serviceName: "inventory-service",
      servers: [
        { ipAddress: "10.2.0.10", port: 8848 },
        { ipAddress: "10.2.0.11", port: 8848, grpcPort: 9848 },
      ],
      user: { userName: "apig", password: config.requireSecret("nacosPassword") },
    },
  },
  memberGroups: [
    { name: "v1", microserviceVersion: "1.4.2", remark: "stable" },
    { name: "v2", microserviceVersion: "1.5.0", remark: "canary" },
  ],
  healthCheck: { protocol: "TCP", thresholdNormal: 2, thresholdAbnormal: 3, interval: 10, timeout: 3 },
});

export const channelId = channel.id;
export const groups = channel.memberGroups.apply((g) => Object.keys(g));
