/**
 * The enumerations of the channel family, each declared once: the values (in the order of their API codes where
 * the API numbers them) and their types.
 */
/** Load-balancing algorithms, in the order of their API codes (1–4). */
export const BALANCE_STRATEGIES = ["roundRobin", "leastConnections", "sourceHash", "uriHash"] as const;
/** Load-balancing algorithm; API codes 1–4 in this order. */
export type BalanceStrategy = (typeof BALANCE_STRATEGIES)[number];
/** Member types. */
export const MEMBER_TYPES = ["ip", "ecs"] as const;
/** Members by address (`ip`) or by ECS id (`ecs`). */
export type MemberType = (typeof MEMBER_TYPES)[number];
/** Channel types. */
export const CHANNEL_TYPES = ["builtin", "microservice", "reference"] as const;
/** `builtin` (members listed here), `microservice` (members from a registry), `reference` (other channels). */
export type ChannelType = (typeof CHANNEL_TYPES)[number];
/** Member statuses, in the order of their API codes (1, 2). */
export const MEMBER_STATUSES = ["available", "unavailable"] as const;
/** A member's status: API 1 and 2. */
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
/** Health-check protocols. */
export const HEALTH_PROTOCOLS = ["TCP", "HTTP", "HTTPS"] as const;
export type HealthProtocol = (typeof HEALTH_PROTOCOLS)[number];
/** Health-check HTTP methods. */
export const HEALTH_METHODS = ["GET", "HEAD"] as const;
export type HealthMethod = (typeof HEALTH_METHODS)[number];
/** Health-check results the gateway reports, in the order of their API codes (1, 2). */
export const HEALTH_RESULTS = ["available", "unavailable"] as const;
/** The health-check result: whether the checked backends are available. */
export type HealthResult = (typeof HEALTH_RESULTS)[number];
