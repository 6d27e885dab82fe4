import type { ColumnType, Generated, Insertable, Kysely, Selectable, Updateable } from "kysely";
import type {
  CycleKind,
  DependencyState,
  Direction,
  EdgeKind,
  NodeKind,
  NodeStatus,
  UnitKind,
} from "../../core/types.js";

/** Kysely table types. Only repositories and src/platform/db use them; the rest of the code sees records. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
/** `count(*)`/bigint come back as strings from `pg` and numbers from PGlite: see num() in connect.ts. */
type BigCount = ColumnType<string | number, string | number | undefined, string | number>;

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  vision: Generated<string>;
  revision: BigCount;
  /** The head of the history chain: its last entry's seq and hash (null: no entry yet). */
  audit_seq: BigCount;
  audit_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UnitsTable {
  org_id: string;
  id: string;
  parent_id: string | null;
  name: string;
  kind: UnitKind;
  leader_id: string | null;
  cadence_days: Generated<number>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PeopleTable {
  org_id: string;
  id: string;
  external_id: string | null;
  name: string;
  email: string | null;
  title: Generated<string>;
  manager_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  org_id: string;
  person_id: string;
  unit_id: string;
  share: Generated<number>;
}

export interface CyclesTable {
  org_id: string;
  id: string;
  parent_id: string | null;
  name: string;
  kind: CycleKind;
  starts_on: DateOnly;
  ends_on: DateOnly;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NodesTable {
  org_id: string;
  id: string;
  kind: NodeKind;
  title: string;
  description: Generated<string>;
  owner_unit_id: string | null;
  owner_person_id: string | null;
  cycle_id: string | null;
  baseline: number | null;
  target: number | null;
  current: number | null;
  metric_unit: string | null;
  direction: Generated<Direction>;
  status: Generated<NodeStatus>;
  confidence: number | null;
  priority: number | null;
  standalone: Generated<boolean>;
  standalone_reason: string | null;
  last_checkin_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EdgesTable {
  org_id: string;
  id: string;
  kind: EdgeKind;
  from_id: string;
  to_id: string;
  weight: Generated<number>;
  state: DependencyState | null;
  note: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CheckinsTable {
  org_id: string;
  id: string;
  node_id: string;
  value: number | null;
  confidence: number | null;
  note: Generated<string>;
  author_id: string | null;
  private: Generated<boolean>;
  created_at: Timestamp;
}

export interface AuditLogTable {
  org_id: string;
  seq: number;
  at: Timestamp;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_admin: Generated<boolean>;
  disabled: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRolesTable {
  user_id: string;
  org_id: string;
  role: string;
  person_id: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scope: string;
  created_at: Timestamp;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ChangesTable {
  org_id: string;
  revision: BigCount;
  seq: Generated<number>;
  at: Timestamp;
  actor: string;
  entity: string;
  entity_id: string;
  op: string;
  fields: string[];
}

/** Signed deltas of each organization's row count per table (maintained by triggers). */
export interface RowCountsTable {
  org_id: string;
  entity: string;
  n: BigCount;
}

/** Signed weekly deltas behind the trends (migration 2026_12_07_0001_trend_steps). */
export interface TrendStepsTable {
  org_id: string;
  week: Date;
  dp: number;
  dn: number;
  conf_sum: number;
  conf_n: number;
  checkins: number;
}

export interface DB {
  changes: ChangesTable;
  row_counts: RowCountsTable;
  trend_steps: TrendStepsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  organizations: OrganizationsTable;
  units: UnitsTable;
  people: PeopleTable;
  memberships: MembershipsTable;
  cycles: CyclesTable;
  nodes: NodesTable;
  edges: EdgesTable;
  checkins: CheckinsTable;
}

export type UnitRow = Selectable<UnitsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type CycleRow = Selectable<CyclesTable>;
export type NodeRow = Selectable<NodesTable>;
export type EdgeRow = Selectable<EdgesTable>;
export type CheckinRow = Selectable<CheckinsTable>;
export type NewNode = Insertable<NodesTable>;
export type NodeUpdate = Updateable<NodesTable>;

/**
 * The database handle a use case passes to its repositories. Use cases hold it without
 * importing Kysely: only repositories and src/platform/db build queries.
 */
export type Db = Kysely<DB>;
