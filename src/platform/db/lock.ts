import fs from "node:fs";
import { AppError } from "../../core/errors.js";

/**
 * PGlite is one process per data directory. A lock file beside the directory records who
 * holds it (pid, role and, for a server, its URL) so that a second process can refuse
 * with a clear message or talk to the server instead. A lock whose process is gone is stale.
 */
export interface LockInfo {
  pid: number;
  role: "server" | "cli";
  url?: string;
  /** The server's operator token: the local CLI calls its API with it (file mode 0600). */
  operatorToken?: string;
  startedAt: string;
}

export interface LockHandle {
  path: string;
  /** Records the server's URL so that CLI commands can go through its API. */
  setUrl(url: string, operatorToken?: string): void;
  release(): void;
}

export const lockPathFor = (dataDir: string) => `${dataDir.replace(/[\\/]+$/, "")}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live holder of a data directory, or null when it is free. */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(lockPathFor(dataDir), "utf8")) as LockInfo;
    return info.pid !== process.pid && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export function acquireLock(dataDir: string, role: LockInfo["role"]): LockHandle {
  const file = lockPathFor(dataDir);
  const info: LockInfo = { pid: process.pid, role, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: "wx", mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return {
        path: file,
        setUrl(url, operatorToken) {
          info.url = url;
          if (operatorToken) info.operatorToken = operatorToken;
          // Written aside and renamed over: a reader never sees a half-written lock file.
          const tmp = `${file}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
          fs.renameSync(tmp, file);
        },
        release,
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLock(dataDir);
      if (holder) {
        const who =
          holder.role === "server"
            ? `an Accord server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ""})`
            : `another accord command (pid ${holder.pid})`;
        throw new AppError(
          "database_busy",
          `The data directory ${dataDir} is in use by ${who}. The embedded database allows one process at a time: stop it first, or run this command while the server is up so that it goes through its API.`,
          holder,
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new AppError("database_busy", `Could not lock ${dataDir}.`);
}
