/** Typed failures raised by domain commands. Routes turn them into responses in one place (`~/lib/http.server`). */
export type FieldErrors = Record<string, string>;

export class DomainError extends Error {}

export class NotFound extends DomainError {
  override name = "NotFound";
  constructor(message = "Page not found") {
    super(message);
  }
}

export class Forbidden extends DomainError {
  override name = "Forbidden";
  constructor(message = "You do not have permission to do that") {
    super(message);
  }
}

export class Conflict extends DomainError {
  override name = "Conflict";
}

/** A business rule refused the request; the message is written for the person using the service. */
export class RuleBroken extends DomainError {
  override name = "RuleBroken";
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}
