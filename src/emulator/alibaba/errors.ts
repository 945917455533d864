/**
 * The one table of Alibaba Cloud error shapes the emulator answers with: POP gateway codes (signature,
 * throttling, unknown action), SAE codes (DescribeGreyTagRoute error table, SAE common codes) and ASM codes,
 * each with HTTP status and message template. Sources: reference/alibaba-apis.md §1.5, §1.6, §2.3 and the V3
 * signature FAQ.
 *
 * Two body shapes: the gateway/RPC shape `{RequestId, HostId, Code, Message, Recommend}`, and for SAE service
 * errors the same plus SAE's envelope fields `Success: false`, `ErrorCode`, `TraceId`.
 */
import { randomBytes } from "node:crypto";
import { EmulatorError, ErrorSpec, errorTable } from "../errors";

export const ALIBABA_ERRORS = {
  // Gateway (POP).
  MissingAuthorization: { status: 400, message: "Authorization is mandatory for this action." },
  IncompleteSignature: { status: 400, message: "The request signature does not conform to Aliyun standards. %s" },
  SignatureDoesNotMatch: { status: 400, message: "Specified signature does not match our calculation." },
  "InvalidAccessKeyId.NotFound": { status: 404, message: "Specified access key is not found." },
  SignatureNonceUsed: { status: 400, message: "Specified signature nonce was used already." },
  "InvalidTimeStamp.Expired": { status: 400, message: "Specified time stamp or date value is expired." },
  "InvalidTimeStamp.Format": { status: 400, message: "Specified time stamp or date value is not well formatted." },
  "InvalidAction.NotFound": { status: 404, message: "Specified api is not found, please check your url and method." },
  "Throttling.User": { status: 400, message: "Request was denied due to user flow control." },
  Throttling: { status: 400, message: "Request was denied due to flow control." },
  ServiceUnavailable: { status: 503, message: "The request has failed due to a temporary failure of the server." },
  InternalError: {
    status: 500,
    message: "The request processing has failed due to some unknown error, exception or failure.",
  },
  // SAE.
  "InvalidParameter.NotEmpty": { status: 400, message: "You must specify the parameter %s." },
  "InvalidParameter.Obviously": { status: 400, message: "The specified parameter is invalid {%s}." },
  "InvalidParameter.WithMessage": { status: 400, message: "The parameter is invalid {%s}: %s" },
  // ASM (not documented per operation; terraform treats this code as "mesh not found").
  "ServiceMesh.NotFound": { status: 404, message: "The specified service mesh does not exist: %s" },
} as const satisfies Record<string, ErrorSpec>;

export type AlibabaErrorCode = keyof typeof ALIBABA_ERRORS;
/** `sae` adds SAE's envelope fields to the body. */
export type AlibabaShape = "rpc" | "sae";

const TABLE = errorTable<AlibabaErrorCode>(ALIBABA_ERRORS);

/** A failure an Alibaba handler throws; the Alibaba dialect renders it. */
export class AlibabaError extends EmulatorError {
  constructor(code: AlibabaErrorCode, args: string[] = [], shape: AlibabaShape = "rpc") {
    const { status, message } = TABLE.error(code, args);
    super(code, status, message, shape);
  }

  /** Any code and status (injected faults); the table supplies what is not given. */
  static injected(
    code: string,
    status: number | undefined,
    message: string | undefined,
    shape: AlibabaShape,
  ): EmulatorError {
    return TABLE.injected(code, status, message, shape);
  }
}

/** SAE's `TraceId`: 30 hex characters, like the documented example. */
export function traceId(): string {
  return randomBytes(15).toString("hex");
}

export function alibabaErrorBody(
  e: { code: string; message: string; shape?: string },
  requestId: string,
  host: string,
  product: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    RequestId: requestId,
    HostId: host,
    Code: e.code,
    Message: e.message,
    Recommend: `https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US&q=${encodeURIComponent(e.code)}&product=${product}&requestId=${requestId}`,
  };
  if (e.shape === "sae") Object.assign(body, { Success: false, ErrorCode: e.code, TraceId: traceId() });
  return body;
}
