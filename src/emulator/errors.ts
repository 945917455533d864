/**
 * What every cloud's error table shares: a code with its HTTP status and message template (`%s` filled in order),
 * the error a handler throws, and injected errors (faults) for any code, filled from the table where it is known.
 * Each cloud's dialect renders the error in that cloud's body shape.
 */

export interface ErrorSpec {
  status: number;
  message: string;
}

/** A failure a handler throws; `shape` picks a body variant of its cloud (SAE's envelope fields). */
export class EmulatorError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly shape?: string,
  ) {
    super(message);
  }
}

function fill(template: string, args: readonly string[]): string {
  let i = 0;
  return template.replace(/%s/g, () => args[i++] ?? "").trim();
}

/** A cloud's table of documented errors, and the two ways to make one. */
export function errorTable<Code extends string>(table: Readonly<Record<Code, ErrorSpec>>) {
  return {
    /** The error a service answers, with the template filled from `args`. */
    error(code: Code, args: readonly string[] = [], shape?: string): EmulatorError {
      const spec = table[code];
      return new EmulatorError(code, spec.status, fill(spec.message, args), shape);
    },
    /** Any code and status (injected faults): the table supplies what is not given. */
    injected(code: string, status?: number, message?: string, shape?: string): EmulatorError {
      const spec = (table as Record<string, ErrorSpec | undefined>)[code];
      const finalStatus = status ?? spec?.status ?? 500;
      return new EmulatorError(
        code,
        finalStatus,
        message ?? (spec ? fill(spec.message, []) : `Injected fault (HTTP ${finalStatus})`),
        shape,
      );
    },
  };
}
