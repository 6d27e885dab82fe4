import { crudRoutes } from "../../platform/http/crud.js";
import { page } from "../../platform/http/schemas.js";
import { orgOf } from "../orgs/index.js";
import { createPerson, deletePerson, getPerson, listPeople, updatePerson } from "./people.js";
import { PersonCreate, PersonListQuery, PersonSchema, PersonUpdate } from "./people.schemas.js";

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
  orgOf,
});
