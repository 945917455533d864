/**
 * Secret values and redaction. Every credential is held in a `Secret`, which never prints itself; every
 * message that leaves the provider passes through `redact`, which removes registered secret values and
 * anything shaped like a signature or token.
 */
import { inspect } from "node:util";

const REDACTED = "[redacted]";
const registered = new Set<string>();

/** Holds a secret string; `String()`, JSON and `util.inspect` show `[redacted]`. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
    // Short values would redact ordinary words; real keys and tokens are longer.
    if (value.length >= 6) registered.add(value);
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Registers a value that must never appear in a message (e.g. a NACOS password seen in inputs). */
export function registerSecretValue(value: string | undefined): void {
  if (value && value.length >= 6) registered.add(value);
}

const PATTERNS: Array<[RegExp, string]> = [
  [
    /(authorization["']?\s*[:=]\s*["']?)[^"'\r\n,}]+(,\s*SignedHeaders=[^,"'\s]+)?(,\s*Signature=[0-9a-f]+)?/gi,
    `$1${REDACTED}`,
  ],
  [/((?:SDK|ACS3)-HMAC-SHA256\s+)[^"'\r\n}]+/g, `$1${REDACTED}`],
  [/(Signature=)[0-9a-fA-F]{16,}/g, `$1${REDACTED}`],
  [
    /((?:x-auth-token|x-security-token|x-acs-security-token|x-subject-token)["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi,
    `$1${REDACTED}`,
  ],
  [
    /(["']?(?:password|secret|secretKey|accessKeySecret|securityToken|authToken)["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi,
    `$1${REDACTED}`,
  ],
];

/** Removes registered secrets and credential-shaped substrings from a message. */
export function redact(text: string): string {
  let out = text;
  for (const value of registered) {
    if (out.includes(value)) out = out.split(value).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
