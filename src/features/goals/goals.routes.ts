import type { AlignmentNode } from "../../core/records.js";
import { crudRoutes } from "../../platform/http/crud.js";
import { page } from "../../platform/http/schemas.js";
import { modelOf } from "../alignment/index.js";
import { orgOf } from "../orgs/index.js";
import { createNode, deleteNode, getNode, listNodes, updateNode } from "./goals.js";
import { NodeCreate, NodeListQuery, NodeSchema, NodeUpdate } from "./goals.schemas.js";

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
  orgOf,
  // Every node is shown with the progress the engine rolls up for it.
  async present(ctx, orgId, items) {
    const a = await modelOf(ctx, orgId);
    return items.map((n) => ({ ...n, progress: a.progressOf(n.id) }));
  },
});
