import type { AlignmentNode } from "../core/records.js";
import { crudRoutes } from "../platform/http/crud.js";
import {
  CycleSchema,
  EdgeSchema,
  NodeSchema,
  PersonSchema,
  page,
  UnitSchema,
} from "../platform/http/schemas.js";
import {
  CycleCreate,
  CycleUpdate,
  EdgeCreate,
  EdgeListQuery,
  EdgeUpdate,
  NodeCreate,
  NodeListQuery,
  NodeUpdate,
  PageQuery,
  PersonCreate,
  PersonListQuery,
  PersonUpdate,
  UnitCreate,
  UnitListQuery,
  UnitUpdate,
} from "../platform/schemas.js";
import { analysisOf } from "./alignment/alignment.js";
import { createCycle, deleteCycle, getCycle, listCycles, updateCycle } from "./cycles/cycles.js";
import { createEdge, deleteEdge, getEdge, listEdges, updateEdge } from "./edges/edges.js";
import { createNode, deleteNode, getNode, listNodes, updateNode } from "./goals/goals.js";
import {
  createPerson,
  deletePerson,
  getPerson,
  listPeople,
  updatePerson,
} from "./people/people.js";
import { createUnit, deleteUnit, getUnit, listUnits, updateUnit } from "./units/units.js";

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
});

export const peopleRoutes = crudRoutes({
  path: "people",
  tag: "People",
  name: "person",
  item: PersonSchema,
  page: page(PersonSchema, "PersonPage"),
  listQuery: PersonListQuery,
  createBody: PersonCreate,
  updateBody: PersonUpdate,
  list: listPeople,
  get: getPerson,
  create: createPerson,
  update: updatePerson,
  remove: deletePerson,
});

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
});

export const nodeRoutes = crudRoutes<AlignmentNode>({
  path: "nodes",
  tag: "Nodes",
  name: "node",
  item: NodeSchema,
  page: page(NodeSchema, "NodePage"),
  listQuery: NodeListQuery,
  createBody: NodeCreate,
  updateBody: NodeUpdate,
  list: listNodes,
  get: getNode,
  create: createNode,
  update: updateNode,
  remove: deleteNode,
  // Every node is shown with the progress the engine rolls up for it.
  async present(ctx, orgId, items) {
    const a = await analysisOf(ctx, orgId);
    return items.map((n) => ({ ...n, progress: a.progressOf(n.id) }));
  },
});

export const edgeRoutes = crudRoutes({
  path: "edges",
  tag: "Edges",
  name: "edge",
  item: EdgeSchema,
  page: page(EdgeSchema, "EdgePage"),
  listQuery: EdgeListQuery,
  createBody: EdgeCreate,
  updateBody: EdgeUpdate,
  list: listEdges,
  get: getEdge,
  create: createEdge,
  update: updateEdge,
  remove: deleteEdge,
});
