/**
 * The one table of Huawei Cloud error shapes the emulator answers with: gateway (`APIGW.*`/`APIG.0xxx`), APIG
 * service (`APIG.*`) and ASM (`ASM.*`) codes, each with its HTTP status and message template. Sources: APIG
 * error-code table and the API reference examples (reference/huawei-apis.md §1.5), ASM error-code page.
 * Body: `{error_code, error_msg, request_id}`.
 */
import { EmulatorError, ErrorSpec, errorTable } from "../errors";

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
} as const satisfies Record<string, ErrorSpec>;

export type HuaweiErrorCode = keyof typeof HUAWEI_ERRORS;

const TABLE = errorTable<HuaweiErrorCode>(HUAWEI_ERRORS);

/** A failure a Huawei handler throws; the Huawei dialect renders it. */
export class HuaweiError extends EmulatorError {
  constructor(code: HuaweiErrorCode, ...args: string[]) {
    const { status, message } = TABLE.error(code, args);
    super(code, status, message);
  }

  /** Any code and status (injected faults); the table supplies what is not given. */
  static injected(code: string, status?: number, message?: string): EmulatorError {
    return TABLE.injected(code, status, message);
  }
}

export function huaweiErrorBody(code: string, message: string, requestId: string): Record<string, string> {
  return { error_code: code, error_msg: message, request_id: requestId };
}
