import type { Kysely } from "kysely";
import { expect } from "vitest";
import { analyze } from "../src/core/engine.js";
import { loadSnapshot } from "../src/features/alignment/index.js";
import type { DB } from "../src/platform/db/schema.js";
import type { Api } from "./api.js";

/**
 * What the API answers for the organization at `orgPath` (findings, health of it and every
 * unit, heatmap) equals a from-scratch analysis of what the database holds now. Returns
 * that analysis.
 */
export async function expectFresh(
  api: Api,
  db: Kysely<DB>,
  org: { id: string; path: string },
  now: Date,
  what: string,
) {
  const truth = analyze(await loadSnapshot(db, org.id), { now });
  const O = org.path;
  expect((await api.get(`${O}/findings?limit=5000`)).body.items, what).toEqual(truth.findings);
  expect((await api.get(`${O}/health`)).body, what).toEqual(truth.health.org);
  for (const [unitId, score] of truth.health.units) {
    expect((await api.get(`${O}/units/${unitId}/health`)).body, `${what}: ${unitId}`).toEqual(
      score,
    );
  }
  const heatmap = (await api.get(`${O}/heatmap`)).body;
  expect(heatmap.objectives, what).toEqual(truth.heatmap.objectives);
  heatmap.rows.forEach((row: { cells: number[] }, i: number) => {
    row.cells.forEach((c, k) => {
      expect(c, what).toBeCloseTo(truth.heatmap.rows[i].cells[k], 9);
    });
  });
  return truth;
}
