import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { DEFAULT_STALE_AFTER_DAYS } from "../../core/findings.js";
import type { Ctx } from "../../platform/context.js";
import type { Input } from "../../platform/schemas.js";
import { mustRead } from "../accounts/index.js";
import { modelOf } from "../alignment/index.js";
import { nodesRepo } from "../goals/index.js";
import { peopleRepo } from "../people/index.js";
import { myworkRepo } from "./mywork.repo.js";

const DAY = 86_400_000;

/**
 * What one person owes: the goals they own (with progress and when the next check-in is
 * due), and dependency requests waiting for their answer. Due means the unit's cadence has
 * passed since the last check-in (or will within two days).
 */
export async function workOf(ctx: Ctx, orgId: string, personId: string) {
  await mustRead(ctx, orgId, orgId);
  const person = await peopleRepo.get(ctx.db, orgId, personId);
  const a = await modelOf(ctx, orgId);
  const now = ctx.now().getTime();
  const owned = await nodesRepo.list(ctx.db, orgId, {
    limit: 500,
    offset: 0,
    where: { owner_person_id: personId },
    orderBy: [
      ["priority", "asc"],
      ["title", "asc"],
    ],
  });
  // Units the person leads: their goals are the person's to check in on too.
  const led = await myworkRepo.unitsLedBy(ctx.db, orgId, personId);
  const ledGoals = await myworkRepo.unitGoalsWithoutOwner(
    ctx.db,
    orgId,
    led.map((u) => u.id),
  );
  const ids = [...owned.items.map((n) => n.id), ...ledGoals.map((n) => n.id)];
  const nodes = [
    ...owned.items,
    ...(await nodesRepo.many(
      ctx.db,
      orgId,
      ledGoals.map((n) => n.id),
    )),
  ];
  const goals = nodes
    .filter((n) => n.status === "active" || n.status === "draft")
    .map((n) => {
      const i = a.indexOf(n.id);
      const cadence = i >= 0 ? a.cadenceDaysOf(i) : DEFAULT_STALE_AFTER_DAYS;
      const last = new Date(n.lastCheckinAt ?? n.createdAt).getTime();
      const dueAt = new Date(last + cadence * DAY).toISOString();
      const measurable = n.target !== null;
      return {
        node: { ...n, progress: a.progressOf(n.id) },
        via: n.ownerPersonId === personId ? ("owner" as const) : ("unit leader" as const),
        checkinDueAt: measurable ? dueAt : null,
        overdue: measurable && last + cadence * DAY < now,
        dueSoon: measurable && last + cadence * DAY < now + 2 * DAY,
      };
    });
  const requests = await myworkRepo.requestsWaitingOn(ctx.db, orgId, ids);
  return {
    person: { id: person.id, name: person.name, title: person.title },
    checkinsDue: goals.filter((x) => x.dueSoon).length,
    goals: goals.sort(
      (x, y) => Number(y.overdue) - Number(x.overdue) || Number(y.dueSoon) - Number(x.dueSoon),
    ),
    requests: requests.map((r) => ({
      edgeId: r.edge_id,
      from: { id: r.from_id, title: r.from_title },
      to: { id: r.to_id, title: r.to_title },
      waitingSince: new Date(r.updated_at).toISOString(),
    })),
  };
}

export const TrendsQuery = z.object({ weeks: z.coerce.number().int().min(2).max(104).default(26) });

/**
 * Weekly progress and confidence over recent weeks, from check-in history: for each week,
 * the mean confidence of the check-ins made that week, and the mean progress of measured
 * items computed from their latest value as of the week's end.
 */
export async function trendsOf(ctx: Ctx, orgId: string, query: Input<typeof TrendsQuery>) {
  await mustRead(ctx, orgId, orgId);
  const q = query;
  if (!(await myworkRepo.orgExists(ctx.db, orgId))) {
    throw new AppError("not_found", `Organization ${orgId} was not found.`);
  }
  const end = ctx.now();
  const rows = await myworkRepo.weeklyTrends(ctx.db, orgId, end, q.weeks);
  return { weeks: rows.map((r) => ({ ...r, checkins: Number(r.checkins) })) };
}
