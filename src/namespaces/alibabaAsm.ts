export { getProxyStatus, getProxyStatusOutput, ProxyStatusLookup } from "../lookups/proxyStatus";
export type {
  GetProxyStatusArgs,
  GetProxyStatusOutputArgs,
  ProxyNotSynced,
  ProxyStatus,
  ProxyStatusEntry,
  ProxyStatusLookupArgs,
  ProxyStatusWaitForArgs,
  XdsType,
} from "../lookups/proxyStatus";
export type { GateTimingArgs } from "../core/poll";
