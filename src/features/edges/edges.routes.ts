import { crudRoutes } from "../../platform/http/crud.js";
import { page } from "../../platform/http/schemas.js";
import { orgOf } from "../orgs/index.js";
import { createEdge, deleteEdge, getEdge, listEdges, updateEdge } from "./edges.js";
import { EdgeCreate, EdgeListQuery, EdgeSchema, EdgeUpdate } from "./edges.schemas.js";

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
  orgOf,
});
