import type { ReactNode } from "react";
import type { What } from "./report.js";

/** What each kind of file holds: its columns explained, a template, and how the page names it. */

export interface Column {
  name: string;
  meaning: ReactNode;
  example: string;
  required?: boolean;
}

export const ORG_COLUMNS: Column[] = [
  { name: "id", meaning: "The person's id in your HR system.", example: "TP-006", required: true },
  { name: "name", meaning: "Full name.", example: "Kenji Watanabe" },
  { name: "email", meaning: "Work e-mail address.", example: "kenji.watanabe@trailpace.example" },
  { name: "title", meaning: "Job title.", example: "Lead Designer, Road" },
  {
    name: "manager_id",
    meaning: "The id of their manager: someone in this file, or already imported.",
    example: "TP-005",
  },
  { name: "division", meaning: "Top-level unit they work in.", example: "Product" },
  { name: "department", meaning: "Unit inside the division.", example: "Footwear Design" },
  { name: "team", meaning: "Unit inside the department.", example: "Road Shoes" },
  {
    name: "share",
    meaning: "Share of their time in that unit (1 when empty).",
    example: "0.5 or 50%",
  },
];

export const GOAL_COLUMNS: Column[] = [
  {
    name: "key",
    meaning: "A short id for the row, so that other rows can name it as their parent.",
    example: "KR1",
  },
  {
    name: "kind",
    meaning: "objective, key_result, goal, kpi or initiative.",
    example: "key_result",
    required: true,
  },
  {
    name: "title",
    meaning: "What it is.",
    example: "Grow marathon-category revenue",
    required: true,
  },
  { name: "description", meaning: "Why it matters.", example: "First-time marathoners buy twice" },
  {
    name: "parent",
    meaning:
      "What it contributes to: a key in this file, or the id or exact title of an existing item.",
    example: "O1",
  },
  {
    name: "weight",
    meaning: "How much it counts in its parent's progress (1 when empty).",
    example: "2",
  },
  { name: "owner_unit", meaning: "Name of the unit that owns it.", example: "Commercial" },
  { name: "owner_person", meaning: "The owner's id or e-mail address.", example: "TP-003" },
  { name: "cycle", meaning: "Name of an existing cycle.", example: "Q3 2026" },
  { name: "baseline", meaning: "Where the metric started.", example: "1.2" },
  { name: "target", meaning: "Where it should end.", example: "2.0" },
  { name: "current", meaning: "Where it is now.", example: "1.4" },
  { name: "unit", meaning: "Unit of measure.", example: "M EUR" },
  { name: "direction", meaning: "increase or decrease: which way is better.", example: "increase" },
  { name: "status", meaning: "draft, active, done or cancelled.", example: "active" },
  { name: "confidence", meaning: "How sure the owner is.", example: "0.6 or 60%" },
  { name: "priority", meaning: "1 is the most important.", example: "1" },
  {
    name: "standalone_reason",
    meaning: "Why it contributes to nothing, when that is on purpose.",
    example: "Legal obligation",
  },
];

export const TEMPLATES: Record<What, string> = {
  org: [
    "id,name,email,title,manager_id,division,department,team,share",
    "TP-001,Maya Lindgren,maya.lindgren@trailpace.example,Chief Executive Officer,,Executive Office,,,",
    "TP-002,Jonas Becker,jonas.becker@trailpace.example,Chief Product Officer,TP-001,Product,,,",
    "TP-005,Emma Clarke,emma.clarke@trailpace.example,Head of Footwear Design,TP-002,Product,Footwear Design,,",
    'TP-006,Kenji Watanabe,kenji.watanabe@trailpace.example,"Lead Designer, Road",TP-005,Product,Footwear Design,Road Shoes,1',
    "",
  ].join("\n"),
  goals: [
    "key,kind,title,description,parent,weight,owner_unit,owner_person,cycle,baseline,target,current,unit,direction,status,confidence,priority,standalone_reason",
    "O1,objective,Become the go-to shoe for first-time marathoners,,,,Executive Office,TP-001,,,,,,,active,70%,1,",
    "KR1,key_result,Grow marathon-category revenue,,O1,2,Commercial,TP-003,,1.2,2.0,1.4,M EUR,increase,active,0.6,,",
    "KR2,key_result,Cut size-related returns,,O1,1,Customer Care,TP-020,,12,6,10,%,decrease,active,50%,,",
    "",
  ].join("\n"),
};

export const WHAT: Record<What, { label: string; blurb: string; file: string }> = {
  org: {
    label: "Org chart",
    blurb: "People, their managers and their units. Importing the same file again updates it.",
    file: "org-chart-template.csv",
  },
  goals: {
    label: "Goals",
    blurb: "Objectives, key results, goals, KPIs and initiatives, with what they contribute to.",
    file: "goals-template.csv",
  },
};
