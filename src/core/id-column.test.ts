import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdColumn, IdColumnIndex } from "./id-column.js";

const uuid = fc.uuid();
/** Ids a column may be given: canonical UUIDs, their upper-case form, near misses, names. */
const anyId = fc.oneof(
  uuid,
  uuid,
  uuid.map((u) => u.toUpperCase()),
  uuid.map((u) => u.slice(0, 35)),
  uuid.map((u) => `${u.slice(0, 8)}_${u.slice(9)}`),
  uuid.map((u) => `${u.slice(0, 35)}g`),
  fc.string({ maxLength: 40 }),
  fc.constant(""),
);

describe("IdColumn", () => {
  it("gives back every id exactly as it was set, whatever its form", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(40), anyId), { maxLength: 120 }),
        fc.array(fc.tuple(fc.nat(40), fc.nat(40)), { maxLength: 20 }),
        (writes, copies) => {
          const col = new IdColumn(8);
          const other = new IdColumn(41);
          const ref: string[] = new Array(41).fill("");
          const otherRef: string[] = new Array(41).fill("");
          for (const [i, id] of writes) {
            col.grow(i + 1);
            col.set(i, id);
            ref[i] = id;
          }
          for (const [to, from] of copies) {
            col.grow(41);
            other.copy(to, col, from);
            otherRef[to] = ref[from];
          }
          col.grow(41);
          for (let i = 0; i < 41; i++) {
            expect(col.get(i)).toBe(ref[i]);
            expect(col.equals(i, ref[i])).toBe(true);
            expect(other.get(i)).toBe(otherRef[i]);
          }
          // Slots order as their ids' strings do.
          for (let i = 0; i < 41; i += 3) {
            for (let j = 0; j < 41; j += 2) {
              const want = ref[i] < ref[j] ? -1 : ref[i] > ref[j] ? 1 : 0;
              expect(col.compare(i, j)).toBe(want);
            }
          }
          const again = IdColumn.fromParts(col.words.slice(), col.form.slice(), col.otherIds());
          for (let i = 0; i < 41; i++) expect(again.get(i)).toBe(ref[i]);
        },
      ),
    );
  });

  it("reads a UUID from its bytes, and leaves anything else to the caller", () => {
    const col = new IdColumn(3);
    const id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const bytes = Buffer.from(`x\t${id}\t${id.toUpperCase()}\t${id.replace("-", "+")}`);
    expect(col.setBytes(0, bytes, 2)).toBe(true);
    expect(col.get(0)).toBe(id);
    expect(col.setBytes(1, bytes, 3 + 36)).toBe(false);
    expect(col.setBytes(1, bytes, 4 + 72)).toBe(false);
    expect(col.setBytes(1, bytes, bytes.length - 10)).toBe(false);
    expect(col.get(1)).toBe("");
  });

  it("refuses parts out of shape (a damaged checkpoint)", () => {
    expect(() => IdColumn.fromParts(new Uint32Array(4), new Uint8Array(2), [])).toThrow(
      /words and forms/,
    );
    expect(() => IdColumn.fromParts(new Uint32Array(4), new Uint8Array([2]), [])).toThrow(/slot 0/);
    expect(() => IdColumn.fromParts(new Uint32Array(4), new Uint8Array([1]), [[0, "a"]])).toThrow(
      /no other id at 0/,
    );
    expect(() => IdColumn.fromParts(new Uint32Array(4), new Uint8Array([7]), [])).toThrow(/slot 0/);
    const other = (id: unknown) => () =>
      IdColumn.fromParts(new Uint32Array(4), new Uint8Array([2]), [[0, id]]);
    expect(other(5)).toThrow(/out of shape/);
    expect(other("")).toThrow(/out of shape/);
    // A UUID kept as a string: the index looks for it among the bytes and would never find it.
    expect(other("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")).toThrow(/out of shape/);
    expect(other("e1")().get(0)).toBe("e1");
    expect(() => IdColumn.fromParts(new Uint32Array(4), new Uint8Array([2]), "x")).toThrow(
      /not a list/,
    );
    // An empty slot, where every slot must hold an id (a checkpoint's edges).
    expect(IdColumn.fromParts(new Uint32Array(4), new Uint8Array([0]), []).get(0)).toBe("");
    expect(() => IdColumn.fromParts(new Uint32Array(4), new Uint8Array([0]), [], false)).toThrow(
      /slot 0/,
    );
  });
});

describe("IdColumnIndex", () => {
  it("finds each id where it is now, never where it was, and nothing for unknown ids", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(anyId, { minLength: 1, maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(79), anyId), { maxLength: 30 }),
        anyId,
        (ids, later, probe) => {
          const col = new IdColumn(ids.length);
          for (let i = 0; i < ids.length; i++) col.set(i, ids[i]);
          const index = IdColumnIndex.build(col, ids.length);
          const now = ids.slice();
          const touched = new Set<number>();
          for (const [at, id] of later) {
            const i = at % ids.length;
            col.set(i, id);
            now[i] = id;
            touched.add(i);
          }
          for (let i = 0; i < ids.length; i++) {
            if (now[i] === "") continue;
            const found = index.get(now[i]);
            // Whatever it finds holds the id now; an untouched slot is always found.
            if (found >= 0) expect(now[found]).toBe(now[i]);
            if (!touched.has(i) && !now.slice(0, i).includes(now[i])) expect(found).toBe(i);
          }
          const p = index.get(probe);
          if (probe === "" || !now.includes(probe)) expect(p).toBe(-1);
          else if (p >= 0) expect(now[p]).toBe(probe);
        },
      ),
    );
  });

  it("finds 200,000 random UUIDs, each at its slot", () => {
    const n = 200_000;
    const col = new IdColumn(n);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      col.set(i, id);
    }
    const index = IdColumnIndex.build(col, n);
    let wrong = 0;
    for (let i = 0; i < n; i++) if (index.get(ids[i]) !== i) wrong++;
    expect(wrong).toBe(0);
    expect(index.get(crypto.randomUUID())).toBe(-1);
  });
});
