/**
 * What differs between the clouds at the emulator's edge, so the server never branches on the cloud: request ids
 * and their header, signature verification, the errors for throttling, unknown routes, oversize bodies and
 * internal failures, injected faults, and the error body shape. A third cloud is one more entry here.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { AlibabaError, alibabaErrorBody, AlibabaShape } from "./alibaba/errors";
import { Authenticator, SignedRequest } from "./auth";
import { EmulatorError } from "./errors";
import { HuaweiError, huaweiErrorBody } from "./huawei/errors";
import type { CloudId, Route } from "./service";

export interface CloudDialect {
  requestId(): string;
  /** Response header carrying the request id. */
  idHeader: string;
  /** Undefined when the request is authentic; otherwise the error the gateway answers. */
  verify(auth: Authenticator, request: SignedRequest, now: Date): EmulatorError | undefined;
  throttled(perSecond: number | undefined): EmulatorError;
  routeNotFound(): EmulatorError;
  bodyTooLarge(): EmulatorError;
  internal(): EmulatorError;
  /** The code a bare injected status answers with: throttling for 429, server trouble for 5xx. */
  faultCode(status: number): string;
  /** An injected fault's error; `product` is the service's (SAE answers in its own envelope). */
  injected(code: string, status: number | undefined, message: string | undefined, product?: string): EmulatorError;
  /** A route that matched by path but was called as another operation (undefined: fine). */
  misrouted(route: Route, headers: Readonly<Record<string, string>>): EmulatorError | undefined;
  errorBody(error: EmulatorError, context: { requestId: string; host: string; product?: string }): unknown;
}

export const DIALECTS: Record<CloudId, CloudDialect> = {
  huawei: {
    requestId: () => randomBytes(16).toString("hex"),
    idHeader: "X-Request-Id",
    verify: (auth, request, now) => auth.checkHuawei(request, now),
    throttled: (perSecond) => new HuaweiError("APIG.0308", String(perSecond)),
    routeNotFound: () => new HuaweiError("APIG.0101"),
    bodyTooLarge: () => new HuaweiError("APIG.0201"),
    internal: () => new HuaweiError("APIG.9999"),
    faultCode: (status) => (status === 429 ? "APIG.0308" : status >= 500 ? "APIG.9999" : "APIG.2000"),
    injected: (code, status, message) => HuaweiError.injected(code, status, message),
    misrouted: () => undefined,
    errorBody: (e, { requestId }) => huaweiErrorBody(e.code, e.message, requestId),
  },
  alibaba: {
    requestId: () => randomUUID().toUpperCase(),
    idHeader: "x-acs-request-id",
    verify: (auth, request, now) => auth.checkAlibaba(request, now),
    throttled: () => new AlibabaError("Throttling.User"),
    routeNotFound: () => new AlibabaError("InvalidAction.NotFound"),
    // Not documented: HTTP 413, as a gateway answers a body over its limit.
    bodyTooLarge: () => AlibabaError.injected("RequestEntityTooLarge", 413, "Request entity too large", "rpc"),
    internal: () => new AlibabaError("InternalError"),
    faultCode: (status) =>
      status === 429
        ? "Throttling.User"
        : status === 503
          ? "ServiceUnavailable"
          : status >= 500
            ? "InternalError"
            : "InvalidParameter",
    injected: (code, status, message, product) =>
      AlibabaError.injected(code, status, message, (product === "sae" ? "sae" : "rpc") as AlibabaShape),
    // A ROA route called with an `x-acs-action` header that names another operation.
    misrouted: (route, headers) => {
      const declared = headers["x-acs-action"];
      return !route.rpc && declared !== undefined && declared !== route.action
        ? new AlibabaError("InvalidAction.NotFound")
        : undefined;
    },
    errorBody: (e, { requestId, host, product }) => alibabaErrorBody(e, requestId, host, product ?? "sae"),
  },
};

/** Which cloud an unroutable call was meant for, so even a 404 comes in the right shape. */
export function guessCloud(path: string, headers: Readonly<Record<string, string>>): CloudId {
  return path.startsWith("/pop/") || Object.keys(headers).some((h) => h.startsWith("x-acs-")) ? "alibaba" : "huawei";
}
