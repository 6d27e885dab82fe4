/**
 * Typed errors with stable codes. Core and app throw them; only the edges (HTTP, CLI)
 * decide how they look to a user (status code, exit code).
 */
export type ErrorCode =
  | "validation_failed"
  | "not_found"
  | "cycle_detected"
  | "conflict"
  | "version_conflict"
  | "import_failed"
  | "database_busy"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "precondition_required";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string, id: string) =>
  new AppError("not_found", `${what} ${id} was not found.`, { [what.toLowerCase()]: id });

export const invalid = (field: string, message: string) =>
  new AppError("validation_failed", `${field}: ${message}`, { issues: [{ path: field, message }] });
