export {
  getGreyTagRoute,
  getGreyTagRouteOutput,
  getGreyTagRoutes,
  getGreyTagRoutesOutput,
  GreyTagRouteLookup,
} from "../lookups/greyTagRoute";
export type {
  GetGreyTagRouteArgs,
  GetGreyTagRoutesArgs,
  GreyTagRoute,
  GreyTagRoutes,
  GreyTagRouteLookupArgs,
} from "../lookups/greyTagRoute";
