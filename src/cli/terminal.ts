import fs from "node:fs";
import { styleText } from "node:util";
import { Presets, SingleBar } from "cli-progress";
import { AppError } from "../core/errors.js";

/** What the commands share on the terminal: output, colour, a progress bar, reading a file. */

export const out = (s: string) => process.stdout.write(`${s}\n`);

/** Colour on a terminal only (not in pipes and files). */
export const color = (c: Parameters<typeof styleText>[0], s: string) =>
  process.stdout.isTTY ? styleText(c, s) : s;

/**
 * A progress bar on a terminal; elsewhere (CI logs, pipes) a plain line at most twice a
 * second, so long work still shows that it moves.
 */
export function progressBar(label: string) {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(done: number, total: number, table = "") {
        const now = Date.now();
        if (now - last < 500 && done < total) return;
        last = now;
        process.stderr.write(`${label}: ${done}/${total} rows${table ? ` (${table})` : ""}\n`);
      },
      stop() {},
    };
  }
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {table}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number, table = "") {
      if (!started) {
        bar.start(total, 0, { table });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { table });
    },
    stop: () => started && bar.stop(),
  };
}

/** A file's text; a missing or unreadable file is a clear error, not a stack trace. */
export function readFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new AppError(
      "validation_failed",
      `${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`,
    );
  }
}
