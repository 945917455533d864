export { getProxyStatus, getProxyStatusOutput, ProxyStatusLookup } from "../lookups/proxyStatus";
export type { GetProxyStatusArgs, ProxyStatus, ProxyStatusLookupArgs } from "../lookups/proxyStatus";
