import { createHash } from "node:crypto";

/**
 * The tamper-evident change history. Each entry's hash covers its content and the hash of
 * the entry before it (a hash chain, as in a ledger): changing, removing or reordering any
 * entry breaks every hash after it. Verification is one pass, O(n).
 */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export const GENESIS = "0".repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value as Record<string, unknown>).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

export function entryHash(e: Omit<AuditEntry, "hash">): string {
  const { seq, at, actor, action, entity, entityId, before, after, prevHash } = e;
  return createHash("sha256")
    .update(canonical({ seq, at, actor, action, entity, entityId, before, after, prevHash }))
    .digest("hex");
}

export type ChainCheck =
  | { ok: true; entries: number }
  | { ok: false; entries: number; seq: number; reason: string };

/** Checks a chain entry by entry (in order of seq): numbering, links and hashes. */
export class ChainVerifier {
  private prev = GENESIS;
  private n = 0;
  private broken: ChainCheck | null = null;

  push(e: AuditEntry): boolean {
    if (this.broken) return false;
    this.n++;
    const fail = (reason: string) => {
      this.broken = { ok: false, entries: this.n, seq: e.seq, reason };
      return false;
    };
    if (e.seq !== this.n) return fail(`entry ${this.n} is missing`);
    if (e.prevHash !== this.prev) return fail("it does not link to the entry before it");
    if (entryHash(e) !== e.hash) return fail("its content does not match its hash");
    this.prev = e.hash;
    return true;
  }

  result(): ChainCheck {
    return this.broken ?? { ok: true, entries: this.n };
  }
}

export function verifyChain(entries: Iterable<AuditEntry>): ChainCheck {
  const v = new ChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.result();
}
