import pino from "pino";

/** Structured logs to stdout; `LOG_LEVEL=debug` for more, `silent` in tests. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
});
