/** The APIG service (VPC channels, API v2): state, routes, admin routes and seed, as the emulator registers it. */
import type { ServiceFactory } from "../../service";
import { apigAdminRoutes, seedApig } from "./admin";
import { apigRoutes } from "./routes";
import { ApigSnapshot, VpcChannelState } from "./state";
import { DEFAULT_VPC_CHANNEL_QUOTA } from "./stored";

export const huaweiApigService: ServiceFactory = (context) => {
  const quota = context.vpcChannelQuota ?? DEFAULT_VPC_CHANNEL_QUOTA;
  const state = new VpcChannelState(context, quota);
  return {
    id: "huawei-apig",
    cloud: "huawei",
    routes: apigRoutes(state),
    adminRoutes: apigAdminRoutes(state),
    snapshot: () => state.snapshot(),
    restore: (snapshot) => {
      state.restore(snapshot as ApigSnapshot | undefined);
      if (snapshot === undefined) state.setQuota(quota);
    },
    seed: (section) => seedApig(state, section),
  };
};
