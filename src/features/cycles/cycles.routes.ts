import { crudRoutes } from "../../platform/http/crud.js";
import { page } from "../../platform/http/schemas.js";
import { PageQuery } from "../../platform/schemas.js";
import { orgOf } from "../orgs/index.js";
import { createCycle, deleteCycle, getCycle, listCycles, updateCycle } from "./cycles.js";
import { CycleCreate, CycleSchema, CycleUpdate } from "./cycles.schemas.js";

export const cycleRoutes = crudRoutes({
  path: "cycles",
  tag: "Cycles",
  name: "cycle",
  item: CycleSchema,
  page: page(CycleSchema, "CyclePage"),
  listQuery: PageQuery,
  createBody: CycleCreate,
  updateBody: CycleUpdate,
  list: listCycles,
  get: getCycle,
  create: createCycle,
  update: updateCycle,
  remove: deleteCycle,
  orgOf,
});
