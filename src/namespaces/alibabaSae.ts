export {
  getGreyTagRoute,
  getGreyTagRouteOutput,
  getGreyTagRoutes,
  getGreyTagRoutesOutput,
  GreyTagRouteLookup,
} from "../lookups/greyTagRoute";
export type {
  GetGreyTagRouteArgs,
  GetGreyTagRouteOutputArgs,
  GetGreyTagRoutesArgs,
  GetGreyTagRoutesOutputArgs,
  GreyTagRoute,
  GreyTagRouteAlbRule,
  GreyTagRouteDubboRule,
  GreyTagRouteItem,
  GreyTagRouteLookupArgs,
  GreyTagRoutes,
  GreyTagRouteScRule,
} from "../lookups/greyTagRoute";
