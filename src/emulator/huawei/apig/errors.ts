/**
 * The one table of Huawei Cloud error shapes the emulator answers with: gateway (`APIGW.*`/`APIG.0xxx`),
 * APIG service (`APIG.*`) and ASM (`ASM.*`) codes, each with its HTTP status and message template (`%s` filled
 * in order). Sources: APIG error-code table and the API reference examples (reference/huawei-apis.md §1.5),
 * ASM error-code page. Body: `{error_code, error_msg, request_id}`.
 */
import { z } from "zod";

export const HUAWEI_ERRORS = {
  // Gateway in front of every Huawei API.
  "APIGW.0301": { status: 401, message: "Incorrect IAM authentication information: %s" },
  "APIG.0101": { status: 404, message: "The API does not exist or has not been published in the environment" },
  "APIG.0201": { status: 413, message: "Request entity too large" },
  "APIG.0308": {
    status: 429,
    message: "The throttling threshold has been reached: policy user over ratelimit,limit:%s,time:1 second",
  },
  // APIG service.
  "APIG.1002": { status: 401, message: "Incorrect token or token resolution failed" },
  "APIG.1005": { status: 403, message: "No permissions to request this method" },
  "APIG.2000": { status: 400, message: "Parameter error: %s" },
  "APIG.2001": { status: 400, message: "The request parameters must be specified, parameter name:%s" },
  "APIG.2011": {
    status: 400,
    message: "Invalid parameter value,parameterName:%s. Please refer to the support documentation",
  },
  "APIG.2012": {
    status: 400,
    message: "Invalid parameter value,parameterName:%s. Please refer to the support documentation",
  },
  "APIG.3023": { status: 404, message: "The VPC channel does not exist,id:%s" },
  // Not documented for member groups; the emulator uses the "instance does not exist" code for both.
  "APIG.3024": { status: 404, message: "The instance does not exist,id:%s" },
  "APIG.3109": { status: 403, message: "The number of VPC channels exceeds the maximum allowed limit." },
  "APIG.3208": { status: 400, message: "The VPC channel name already exists" },
  "APIG.3414": { status: 403, message: "The VPC channel is already being used by another API." },
  "APIG.3471": { status: 403, message: "The operation is not allowed on this type of VPC channel" },
  "APIG.9008": { status: 500, message: "Too many requests" },
  "APIG.9999": { status: 500, message: "System error" },
  // ASM (error-code page of the ASM API reference).
  "ASM.01010001": { status: 400, message: "Invalid request. %s" },
  "ASM.01000001": { status: 401, message: "Authenticate error." },
  "ASM.01010002": { status: 404, message: "Resource not found. %s" },
  "ASM.01010003": { status: 409, message: "The resource already exists. %s" },
  "ASM.01040001": { status: 500, message: "Internal error." },
} as const satisfies Record<string, { status: number; message: string }>;

export type HuaweiErrorCode = keyof typeof HUAWEI_ERRORS;

function fill(template: string, args: readonly string[]): string {
  let i = 0;
  return template.replace(/%s/g, () => args[i++] ?? "").trim();
}

/** A failure a Huawei handler throws; the server renders it with the cloud's body shape. */
export class HuaweiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: HuaweiErrorCode, ...args: string[]) {
    super(fill(HUAWEI_ERRORS[code].message, args));
    this.code = code;
    this.status = HUAWEI_ERRORS[code].status;
  }

  /** Any code and status (injected faults); the table supplies what is not given. */
  static injected(code: string, status?: number, message?: string): HuaweiError {
    const spec = huaweiErrorSpec(code);
    const finalStatus = status ?? spec?.status ?? 500;
    return Object.assign(new HuaweiError("APIG.9999"), {
      code,
      status: finalStatus,
      message: message ?? spec?.message ?? `Injected fault (HTTP ${finalStatus})`,
    });
  }
}

export function huaweiErrorBody(code: string, message: string, requestId: string): Record<string, string> {
  return { error_code: code, error_msg: message, request_id: requestId };
}

/** A code the caller named (faults): its table entry when known. */
export function huaweiErrorSpec(code: string): { status: number; message: string } | undefined {
  const spec = (HUAWEI_ERRORS as Record<string, { status: number; message: string }>)[code];
  return spec ? { status: spec.status, message: fill(spec.message, []) } : undefined;
}

/** Issue params a schema refinement sets to choose its APIG code. */
export interface ApigIssueParams {
  apigCode?: "APIG.2001" | "APIG.2011" | "APIG.2012";
  parameter?: string;
}

/** Maps the first zod issue to the APIG error the service would answer (it reports one problem at a time). */
export function apigErrorFromZod(error: z.ZodError): HuaweiError {
  const issue = error.issues[0]!;
  const leaf = [...issue.path].reverse().find((p): p is string => typeof p === "string") ?? "body";
  if (issue.code === z.ZodIssueCode.custom) {
    const params = (issue.params ?? {}) as ApigIssueParams;
    return new HuaweiError(params.apigCode ?? "APIG.2011", params.parameter ?? leaf);
  }
  if (issue.code === z.ZodIssueCode.invalid_type) {
    return issue.received === "undefined" || issue.received === "null"
      ? new HuaweiError("APIG.2001", leaf)
      : new HuaweiError("APIG.2012", leaf);
  }
  return new HuaweiError("APIG.2011", leaf);
}
