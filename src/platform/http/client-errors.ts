import type { Server } from "node:http";
import type { Duplex } from "node:stream";

const REASONS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    "Request Header Fields Too Large",
    "headers_too_large",
    "The request's headers are too large (at most 16 KiB in all).",
  ],
  HPE_URI_TOO_LONG: [414, "URI Too Long", "uri_too_long", "The request's URL is too long."],
};

/**
 * Requests Node refuses before any route sees them (headers too large, a request that is
 * not HTTP) still get the API's one error shape, not a bare status line.
 */
export function jsonClientErrors(server: Pick<Server, "on">): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const [status, reason, code, message] = REASONS[err.code ?? ""] ?? [
      400,
      "Bad Request",
      "bad_request",
      "The request could not be read as HTTP.",
    ];
    const body = JSON.stringify({ error: { code, message, details: null } });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
