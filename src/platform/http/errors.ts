import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type ErrorCode } from "../../core/errors.js";
import { mapDbError } from "../db/errors.js";
import { logger } from "../logger.js";

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  import_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  precondition_required: 428,
  not_found: 404,
  cycle_detected: 409,
  conflict: 409,
  version_conflict: 409,
  database_busy: 503,
};

export const errorBody = (code: string, message: string, details: unknown = null) => ({
  error: { code, message, details },
});

/** The one place where an error becomes an HTTP response. */
export function respondError(err: unknown, c: Context) {
  const mapped = err instanceof AppError ? err : mapDbError(err);
  if (mapped instanceof AppError) {
    return c.json(errorBody(mapped.code, mapped.message, mapped.details), STATUS[mapped.code]);
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code =
      err.status === 400
        ? "validation_failed"
        : err.status === 413
          ? "payload_too_large"
          : "bad_request";
    return c.json(errorBody(code, err.message || "Bad request.", { issues: [] }), err.status);
  }
  const status = (err as { status?: number })?.status;
  if (status === 413) {
    return c.json(errorBody("payload_too_large", "The request body is too large."), 413);
  }
  if (err instanceof SyntaxError) {
    return c.json(
      errorBody("validation_failed", "The request body is not valid JSON.", { issues: [] }),
      400,
    );
  }
  logger.error({ err, path: c.req.path }, "unhandled error");
  return c.json(
    errorBody("internal", "Something went wrong on our side. It has been logged."),
    500,
  );
}
