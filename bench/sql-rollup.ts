import { type Kysely, sql } from "kysely";
import type { DB } from "../src/platform/db/schema.js";

export interface SqlRollUpResult {
  /** Progress by node id; NaN = unknown (the engine's convention). */
  progress: Map<string, number>;
  /** Height of the tallest contributes_to tree: the number of level updates that ran. */
  levels: number;
}

/**
 * The baseline: the progress roll-up done by the database, the way one would write it in SQL.
 *
 * Why not one recursive CTE that aggregates? PostgreSQL forbids aggregates in the recursive
 * term, and the term sees only the previous iteration's rows, so "weighted mean of ALL my
 * children, once they are all known" cannot be expressed in one pass. Expanding paths
 * instead (leaf → root, multiplying normalised weights) is exact but explodes on a DAG where
 * goals have several parents. So, in one transaction:
 *
 * 1. A recursive CTE computes each node's height over contributes_to edges (0 for a node
 *    without contributors, else 1 + the tallest child). `union` drops repeated (node, height)
 *    pairs, so it produces at most nodes × levels rows however many paths there are.
 *    The same statement seeds every node's progress with what needs no children: the metric
 *    formula (same rule as the engine's progressOf) for nodes with a target, 1 for other
 *    done nodes (overwritten below if they have known contributors), else null.
 * 2. One UPDATE per height 1, 2, … sets each metric-less node at that height to the weighted
 *    mean of its contributors that are known and not cancelled, clamped to [0, 1]. All its
 *    contributors sit at lower heights, so they are final by then: this is the engine's
 *    children-before-parents order, computed level by level with set-based SQL.
 * 3. The result is read back, as a server would have to.
 *
 * Correct on acyclic contributes_to graphs (the generator guarantees it); the height CTE
 * stops at 10,000 levels as a guard against a cycle.
 */
export async function sqlRollUp(db: Kysely<DB>, orgId: string): Promise<SqlRollUpResult> {
  return db.transaction().execute(async (trx) => {
    await sql`
      create temp table rollup_levels on commit drop as
      with recursive up (id, h) as (
        select n.id, 0 from nodes n
        where n.org_id = ${orgId} and not exists (
          select 1 from edges e
          where e.org_id = ${orgId} and e.kind = 'contributes_to' and e.to_id = n.id)
        union
        select e.to_id, up.h + 1 from up
        join edges e on e.org_id = ${orgId} and e.kind = 'contributes_to' and e.from_id = up.id
        where up.h < 10000
      ),
      heights as (select id, max(h) as h from up group by id)
      select
        n.id,
        heights.h,
        n.status = 'cancelled' as cancelled,
        m.has_metric as metric,
        case
          when m.has_metric then
            case
              when n.current is null then 0
              when n.target = m.b then
                case when (n.direction = 'decrease' and n.current <= n.target)
                       or (n.direction <> 'decrease' and n.current >= n.target)
                     then 1 else 0 end
              else greatest(0, least(1,
                case when n.direction = 'decrease'
                     then (m.b - n.current) / (m.b - n.target)
                     else (n.current - m.b) / (n.target - m.b) end))
            end
          when n.status = 'done' then 1
        end::double precision as p
      from heights
      join nodes n on n.org_id = ${orgId} and n.id = heights.id
      cross join lateral (
        select
          n.target is not null and n.target <> 'NaN' and abs(n.target) <> 'Infinity' as has_metric,
          case when n.baseline is null or n.baseline = 'NaN' or abs(n.baseline) = 'Infinity'
               then 0 else n.baseline end as b
      ) m`.execute(trx);
    await sql`alter table rollup_levels add primary key (id)`.execute(trx);
    await sql`create index on rollup_levels (h)`.execute(trx);
    await sql`analyze rollup_levels`.execute(trx);

    const top = await sql<{ h: number | null }>`select max(h) as h from rollup_levels`.execute(trx);
    const levels = Number(top.rows[0]?.h ?? 0);
    for (let h = 1; h <= levels; h++) {
      await sql`
        update rollup_levels l set p = least(1, greatest(0, s.sw / s.w))
        from (
          select e.to_id as id, sum(c.p * e.weight) as sw, sum(e.weight) as w
          from rollup_levels pl
          join edges e on e.org_id = ${orgId} and e.kind = 'contributes_to' and e.to_id = pl.id
          join rollup_levels c on c.id = e.from_id
          where pl.h = ${h} and not pl.metric
            and c.p is not null and not c.cancelled and e.weight > 0
          group by e.to_id
        ) s
        where l.id = s.id`.execute(trx);
    }

    const rows = await sql<{ id: string; p: number | null }>`
      select id, p from rollup_levels`.execute(trx);
    const progress = new Map<string, number>();
    for (const r of rows.rows) progress.set(r.id, r.p === null ? Number.NaN : Number(r.p));
    return { progress, levels };
  });
}
