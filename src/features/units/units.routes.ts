import { crudRoutes } from "../../platform/http/crud.js";
import { page } from "../../platform/http/schemas.js";
import { orgOf } from "../orgs/index.js";
import { createUnit, deleteUnit, getUnit, listUnits, updateUnit } from "./units.js";
import { UnitCreate, UnitListQuery, UnitSchema, UnitUpdate } from "./units.schemas.js";

export const unitRoutes = crudRoutes({
  path: "units",
  tag: "Units",
  name: "unit",
  item: UnitSchema,
  page: page(UnitSchema, "UnitPage"),
  listQuery: UnitListQuery,
  createBody: UnitCreate,
  updateBody: UnitUpdate,
  list: listUnits,
  get: getUnit,
  create: createUnit,
  update: updateUnit,
  remove: deleteUnit,
  orgOf,
});
