/**
 * The content of the Stride Athletics demo: units, named people, title pools, goals,
 * dependencies and check-in notes. Plain data; `stride.ts` turns it into a Bundle.
 * Keys (not ids) connect the records; ids are derived from the keys.
 */
import type {
  DependencyState,
  Direction,
  NodeKind,
  NodeStatus,
  UnitKind,
} from "../../core/types.js";

export const ORGANIZATION = {
  slug: "stride",
  name: "Stride Athletics",
  vision:
    "Put a better running shoe on every runner's feet: made well, delivered fast, and backed by an experience runners love.",
};

export interface UnitSpec {
  key: string;
  parent: string | null;
  name: string;
  kind: UnitKind;
  cadence: number;
  /** Key of the leading person. */
  leader: string;
}

// biome-ignore format: one record per line reads as a table
export const UNITS: UnitSpec[] = [
  { key: "company", parent: null, name: "Stride Athletics", kind: "company", cadence: 14, leader: "ceo" },
  { key: "production", parent: "company", name: "Production", kind: "department", cadence: 7, leader: "jack" },
  { key: "assembly", parent: "production", name: "Assembly", kind: "team", cadence: 7, leader: "lead:assembly" },
  { key: "materials", parent: "production", name: "Materials & Sourcing", kind: "team", cadence: 14, leader: "lead:materials" },
  { key: "quality", parent: "production", name: "Quality", kind: "team", cadence: 7, leader: "lead:quality" },
  { key: "marketing", parent: "company", name: "Marketing", kind: "department", cadence: 14, leader: "mkt" },
  { key: "brand", parent: "marketing", name: "Brand & Content", kind: "team", cadence: 14, leader: "lead:brand" },
  { key: "prodmkt", parent: "marketing", name: "Product Marketing", kind: "team", cadence: 14, leader: "lead:prodmkt" },
  { key: "digital", parent: "marketing", name: "Digital Marketing", kind: "team", cadence: 14, leader: "lead:digital" },
  { key: "distribution", parent: "company", name: "Distribution", kind: "department", cadence: 14, leader: "dist" },
  { key: "warehouse", parent: "distribution", name: "Warehouse Operations", kind: "team", cadence: 7, leader: "lead:warehouse" },
  { key: "logistics", parent: "distribution", name: "Logistics & Transport", kind: "team", cadence: 14, leader: "lead:logistics" },
  { key: "retail", parent: "company", name: "Retail Sales", kind: "department", cadence: 14, leader: "retail" },
  { key: "stores", parent: "retail", name: "Flagship Stores", kind: "team", cadence: 14, leader: "lead:stores" },
  { key: "ecom", parent: "retail", name: "E-commerce", kind: "team", cadence: 14, leader: "lead:ecom" },
  { key: "wholesale", parent: "retail", name: "Wholesale Accounts", kind: "team", cadence: 14, leader: "lead:wholesale" },
  { key: "it", parent: "company", name: "IT", kind: "department", cadence: 14, leader: "cio" },
  { key: "eam", parent: "it", name: "EAM Rollout", kind: "team", cadence: 7, leader: "lead:eam" },
  { key: "bizapps", parent: "it", name: "Business Applications", kind: "team", cadence: 14, leader: "lead:bizapps" },
  { key: "infra", parent: "it", name: "Infrastructure & Support", kind: "team", cadence: 14, leader: "lead:infra" },
  { key: "cx", parent: "company", name: "Customer Experience & Transformation", kind: "department", cadence: 14, leader: "cxo" },
  { key: "care", parent: "cx", name: "Customer Care", kind: "team", cadence: 14, leader: "lead:care" },
  { key: "insights", parent: "cx", name: "CX Insights", kind: "team", cadence: 14, leader: "lead:insights" },
  { key: "transform", parent: "cx", name: "Transformation Office", kind: "team", cadence: 14, leader: "lead:transform" },
];

export interface PersonSpec {
  key: string;
  name: string;
  title: string;
  /** Home unit (membership share 1 unless split). */
  unit: string;
  manager: string | null;
}

/** The executive team, the department heads and the team leaders. */
// biome-ignore format: one record per line reads as a table
export const NAMED_PEOPLE: PersonSpec[] = [
  { key: "ceo", name: "Amara Okafor", title: "Chief Executive Officer", unit: "company", manager: null },
  { key: "cfo", name: "Daniel Lindqvist", title: "Chief Financial Officer", unit: "company", manager: "ceo" },
  { key: "coo", name: "Priya Raman", title: "Chief Operating Officer", unit: "company", manager: "ceo" },
  { key: "cco", name: "Marcus Bell", title: "Chief Commercial Officer", unit: "company", manager: "ceo" },
  { key: "cpo", name: "Hana Kobayashi", title: "Chief People Officer", unit: "company", manager: "ceo" },
  { key: "strategy", name: "Sofia Marchetti", title: "Head of Strategy & Planning", unit: "company", manager: "ceo" },
  { key: "ea", name: "Liam O'Connor", title: "Executive Assistant to the CEO", unit: "company", manager: "ceo" },
  { key: "jack", name: "Jack Morales", title: "Production Manager", unit: "production", manager: "coo" },
  { key: "dist", name: "Fatima Haddad", title: "Director of Distribution", unit: "distribution", manager: "coo" },
  { key: "mkt", name: "Chloé Dubois", title: "Marketing Director", unit: "marketing", manager: "cco" },
  { key: "retail", name: "Andre Williams", title: "Director of Retail Sales", unit: "retail", manager: "cco" },
  { key: "cio", name: "Wei Zhang", title: "Chief Information Officer", unit: "it", manager: "ceo" },
  { key: "cxo", name: "Grace Mensah", title: "Chief Customer Officer", unit: "cx", manager: "ceo" },
  { key: "lead:assembly", name: "Tomás Herrera", title: "Assembly Supervisor", unit: "assembly", manager: "jack" },
  { key: "lead:materials", name: "Ingrid Solberg", title: "Materials & Sourcing Lead", unit: "materials", manager: "jack" },
  { key: "lead:quality", name: "Kwame Asante", title: "Quality Manager", unit: "quality", manager: "jack" },
  { key: "lead:brand", name: "Isla McKenzie", title: "Brand & Content Lead", unit: "brand", manager: "mkt" },
  { key: "lead:prodmkt", name: "Rohan Mehta", title: "Product Marketing Manager", unit: "prodmkt", manager: "mkt" },
  { key: "lead:digital", name: "Lucía Navarro", title: "Digital Marketing Manager", unit: "digital", manager: "mkt" },
  { key: "lead:warehouse", name: "Derek Owens", title: "Warehouse Operations Manager", unit: "warehouse", manager: "dist" },
  { key: "lead:logistics", name: "Mei Lin Tan", title: "Logistics & Transport Manager", unit: "logistics", manager: "dist" },
  { key: "lead:stores", name: "Jasmine Brooks", title: "Flagship Stores Manager", unit: "stores", manager: "retail" },
  { key: "lead:ecom", name: "Felix Wagner", title: "E-commerce Manager", unit: "ecom", manager: "retail" },
  { key: "lead:wholesale", name: "Nomvula Khumalo", title: "Wholesale Account Director", unit: "wholesale", manager: "retail" },
  { key: "lead:eam", name: "Aleksandra Nowicka", title: "EAM Program Manager", unit: "eam", manager: "cio" },
  { key: "lead:bizapps", name: "Samuel Adebayo", title: "Business Applications Lead", unit: "bizapps", manager: "cio" },
  { key: "lead:infra", name: "Kenji Watanabe", title: "Infrastructure & Support Lead", unit: "infra", manager: "cio" },
  { key: "lead:care", name: "Maria Gonçalves", title: "Customer Care Manager", unit: "care", manager: "cxo" },
  { key: "lead:insights", name: "Omar Farouk", title: "CX Insights Lead", unit: "insights", manager: "cxo" },
  { key: "lead:transform", name: "Elena Petrova", title: "Transformation Lead", unit: "transform", manager: "cxo" },
];

/**
 * Team members besides the leader: how many, and the titles they hold (cycled in order).
 * Member keys are `team:index`, e.g. `assembly:0`; the leader is their manager.
 */
export const TEAM_STAFF: Record<string, { size: number; titles: string[] }> = {
  assembly: {
    size: 15,
    titles: [
      "Line Lead",
      "Lasting Operator",
      "Stitching Operator",
      "Sole Press Operator",
      "Assembly Technician",
      "Cementing Operator",
      "Process Engineer",
      "Assembly Technician",
    ],
  },
  materials: {
    size: 7,
    titles: ["Senior Buyer", "Buyer", "Supply Planner", "Materials Coordinator", "Buyer"],
  },
  quality: {
    size: 7,
    titles: [
      "Supplier Quality Engineer",
      "Quality Inspector",
      "Quality Engineer",
      "Lab Technician",
    ],
  },
  brand: {
    size: 6,
    titles: ["Content Producer", "Copywriter", "Community Manager", "Designer", "Video Editor"],
  },
  prodmkt: {
    size: 5,
    titles: ["Product Marketing Specialist", "Demand Planner", "Product Line Manager"],
  },
  digital: {
    size: 6,
    titles: ["Performance Marketer", "SEO Specialist", "CRM Marketer", "Marketing Analyst"],
  },
  warehouse: {
    size: 11,
    titles: [
      "Shift Supervisor",
      "Picker",
      "Forklift Operator",
      "Inventory Controller",
      "Picker",
      "Packer",
    ],
  },
  logistics: {
    size: 7,
    titles: ["Transport Planner", "Carrier Manager", "Customs Specialist", "Logistics Analyst"],
  },
  stores: {
    size: 11,
    titles: [
      "Store Manager",
      "Running Specialist",
      "Sales Associate",
      "Visual Merchandiser",
      "Sales Associate",
    ],
  },
  ecom: {
    size: 7,
    titles: [
      "Webshop Manager",
      "Frontend Developer",
      "UX Designer",
      "Marketplace Specialist",
      "Content Editor",
    ],
  },
  wholesale: {
    size: 5,
    titles: ["Key Account Manager", "Sales Representative", "Sales Coordinator"],
  },
  eam: {
    size: 7,
    titles: [
      "EAM Analyst (embedded in Assembly)",
      "EAM Functional Consultant",
      "Data Migration Specialist",
      "EAM Trainer",
      "Integration Developer",
      "Business Analyst",
    ],
  },
  bizapps: {
    size: 6,
    titles: [
      "Solution Architect (embedded in E-commerce)",
      "CRM Developer",
      "Integration Developer",
      "ERP Analyst",
      "QA Engineer",
    ],
  },
  infra: {
    size: 6,
    titles: [
      "Service Desk Lead",
      "Systems Engineer",
      "Network Engineer",
      "Field Technician",
      "Service Desk Analyst",
    ],
  },
  care: {
    size: 9,
    titles: [
      "Team Lead, Customer Care",
      "Customer Care Agent",
      "Returns Specialist",
      "Customer Care Agent",
      "Chat Agent",
    ],
  },
  insights: {
    size: 5,
    titles: ["CX Researcher", "Data Analyst", "Journey Designer"],
  },
  transform: {
    size: 4,
    titles: [
      "Change Manager (with Customer Care)",
      "Change Manager",
      "Transformation Analyst",
      "Internal Communications Lead",
    ],
  },
};

/** People who split their time 0.5 / 0.5 between their home team and another unit. */
export const SPLITS: { person: string; unit: string }[] = [
  { person: "eam:0", unit: "assembly" },
  { person: "bizapps:0", unit: "ecom" },
  { person: "transform:0", unit: "care" },
  { person: "quality:0", unit: "materials" },
];

// biome-ignore format: one record per line reads as a table
export const FIRST_NAMES = [
  "Aisha", "Mateo", "Yuki", "Olga", "Kwabena", "Astrid", "Diego", "Mei", "Tomasz", "Nadia",
  "Samir", "Leila", "Arjun", "Elena", "Kofi", "Camille", "Hiroshi", "Zanele", "Lucas", "Amina",
  "Rafael", "Sanna", "Dmitri", "Noor", "Emeka", "Freya", "Jamal", "Lucia", "Anh", "Björn",
  "Carmen", "Tariq", "Inès", "Jun", "Abena", "Pedro", "Maja", "Yusuf", "Siobhan", "Kaito",
  "Valentina", "Ayodele", "Nils", "Rosa", "Imran", "Clara", "Thabo", "Julia", "Mohammed", "Keiko",
  "Marta", "Sipho", "Eva", "Hamza", "Niamh", "Luis", "Akosua", "Finn", "Paula", "Dev",
  "Ana", "Stefan", "Yara", "Malik", "Chiara", "Tunde", "Lena", "Ricardo", "Mariam", "Oskar",
  "Gabriela", "Hyun-woo", "Erik", "Fatou", "Nikhil", "Isabel", "Emil", "Zara", "Kai", "Beatriz",
  "Farah", "Jonas", "Lina", "Bongani", "Ella", "Sebastián", "Aroha", "Ravi", "Helena", "Musa",
  "Sara", "Joaquín", "Ayesha", "Viktor", "Naomi", "Hannah", "Idris", "Mia", "Ahmed", "Rhea",
  "Patrick", "Ngozi", "Ben", "Leah", "Tobias", "Priscilla", "Arnav", "Wanjiru", "Owen", "Sun-hee",
];

// biome-ignore format: one record per line reads as a table
export const LAST_NAMES = [
  "Adeyemi", "Andersson", "Banerjee", "Castillo", "Chen", "Costa", "Dlamini", "Eriksen", "Fernández", "Fischer",
  "García", "Hansen", "Hassan", "Hernández", "Ito", "Ivanova", "Jensen", "Johansson", "Kaur", "Kim",
  "Kowalski", "Kruger", "Larsen", "Lee", "López", "Mahlangu", "Martin", "Moreau", "Müller", "Nakamura",
  "Nguyen", "Novak", "Obi", "Ochieng", "Okonkwo", "Olsen", "Ortiz", "Park", "Pereira", "Petrov",
  "Popescu", "Quinn", "Rahman", "Reyes", "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Suzuki",
  "Tanaka", "Taylor", "Thompson", "Tran", "van Dijk", "Virtanen", "Walker", "Wang", "Wilson", "Yılmaz",
  "Yamamoto", "Zulu", "Nasser", "Doyle", "Murphy", "Byrne", "Bianchi", "Duarte", "Horvat", "Lindgren",
  "Mwangi", "Osei", "Rivera", "Santos", "Sharma", "Tembo", "Vasquez", "Wójcik", "Akhtar", "Brennan",
  "Carvalho", "Eze", "Gallagher", "Iqbal", "Kovač", "Lambert", "Mendes", "Nilsson", "O'Brien", "Patel",
  "Romero", "Shah", "Abebe", "Dumont", "Fontaine", "Haugen", "Kamau", "Lim", "Mäkinen", "Richter",
];

export interface NodeSpec {
  key: string;
  kind: NodeKind;
  title: string;
  desc?: string;
  /** Owner unit key; null for a personal goal or an unowned goal. */
  unit: string | null;
  /** Owner person key. */
  person?: string;
  cycle: "year" | "quarter";
  baseline?: number | null;
  target?: number | null;
  metric?: string | null;
  dir?: Direction;
  /** Decimals of check-in values (default: 0 when baseline and target are whole, else 1). */
  dec?: number;
  status?: NodeStatus;
  priority?: number;
  standalone?: string;
  /** contributes_to parents: [key, weight]. */
  to?: [string, number][];
  supports?: string[];
  /** Confidence at the latest check-in (default: 0.6–0.88). */
  conf?: number;
  /** Share of the way from baseline to target at the latest check-in (default: 0.4–0.75). */
  prog?: number;
  /** The latest check-in was this many days ago (a stale goal). */
  staleDays?: number;
  /** Typical level of a KPI without a target. */
  level?: number;
  /** Notes for the latest check-ins, newest first. */
  notes?: string[];
}

const company = (key: string, title: string, desc: string): NodeSpec => ({
  key,
  kind: "objective",
  title,
  desc,
  unit: "company",
  person: "ceo",
  cycle: "year",
});

// biome-ignore format: one record per line reads as a table
export const NODES: NodeSpec[] = [
  // ── Strategic objectives and key results ───────────────────────────────────────────
  company("O1", "Grow running-shoe revenue", "Sell more of the running lines runners already love, through every channel."),
  company("O2", "Delight customers at every touchpoint", "From the first ad to the tenth run in a pair of Stride shoes."),
  company("O3", "Run a lean, reliable operation", "Fewer breakdowns, less waste, lower cost per pair."),
  company("O4", "Build the capabilities to change", "New systems, new habits, and IT and the business working as one."),

  { key: "KR1a", kind: "key_result", title: "Running-shoe revenue reaches €58M a quarter", unit: null, person: "cco", cycle: "year", baseline: 46, target: 58, metric: "€M/quarter", dec: 1, to: [["O1", 1]] },
  { key: "KR1b", kind: "key_result", title: "Produce 22,000 running-shoe pairs a week", unit: null, person: "coo", cycle: "year", baseline: 18000, target: 22000, metric: "pairs/week", to: [["O1", 1]] },
  { key: "KR1c", kind: "key_result", title: "75% sell-through of new running models", unit: null, person: "cco", cycle: "year", baseline: 62, target: 75, metric: "%", dec: 1, to: [["O1", 1]] },
  { key: "KR2a", kind: "key_result", title: "Net Promoter Score of 45", unit: null, person: "cxo", cycle: "year", baseline: 31, target: 45, metric: "NPS", to: [["O2", 1]] },
  { key: "KR2b", kind: "key_result", title: "85% of customer contacts resolved first time", unit: null, person: "cxo", cycle: "year", baseline: 68, target: 85, metric: "%", dec: 1, to: [["O2", 1]] },
  { key: "KR2c", kind: "key_result", title: "Online orders delivered within 2.5 days", unit: null, person: "coo", cycle: "year", baseline: 4.5, target: 2.5, metric: "days", dir: "decrease", dec: 1, to: [["O2", 1]] },
  { key: "KR3a", kind: "key_result", title: "Manufacturing cost per pair down to €19", unit: null, person: "cfo", cycle: "year", baseline: 21.4, target: 19, metric: "€/pair", dir: "decrease", dec: 2, to: [["O3", 1]] },
  { key: "KR3b", kind: "key_result", title: "Unplanned line downtime under 20 hours a month", unit: null, person: "coo", cycle: "year", baseline: 46, target: 20, metric: "hours/month", dir: "decrease", to: [["O3", 1]] },
  { key: "KR3c", kind: "key_result", title: "Suppliers deliver on time", desc: "Agreed as a key result in the planning offsite; the measure and target are still to be set.", unit: null, person: "coo", cycle: "year", baseline: null, target: null, metric: null, to: [["O3", 1]], conf: 0.55 },
  { key: "KR4a", kind: "key_result", title: "80% of maintenance work orders run in the new EAM system", unit: null, person: "cio", cycle: "year", baseline: 0, target: 80, metric: "%", to: [["O4", 1]] },
  { key: "KR4b", kind: "key_result", title: "60 people actively supporting the customer-experience transformation", unit: null, person: "cxo", cycle: "year", baseline: 12, target: 60, metric: "people", to: [["O4", 1]] },
  { key: "KR4c", kind: "key_result", title: "Every IT engineer has spent a day in the business", unit: null, person: "cio", cycle: "year", baseline: 15, target: 100, metric: "%", to: [["O4", 1]] },

  // ── Running the business: KPIs ─────────────────────────────────────────────────────
  { key: "K1", kind: "kpi", title: "Order fulfilment lead time", unit: "distribution", person: "dist", cycle: "year", baseline: 3.2, target: 2, metric: "days", dir: "decrease", dec: 1, supports: ["KR2c"] },
  { key: "K2", kind: "kpi", title: "Defect rate", desc: "Pairs failing final inspection. Rising while the lines are pushed for output.", unit: "quality", person: "lead:quality", cycle: "year", baseline: 2.8, target: 1.5, metric: "%", dir: "decrease", dec: 2, supports: ["KR3a"], prog: -0.12, conf: 0.5, notes: ["Up again: new lasting crew on line 2 still learning.", "Sole separation is most of the increase."] },
  { key: "K3", kind: "kpi", title: "Store conversion rate", unit: "stores", person: "lead:stores", cycle: "year", baseline: 18, target: 22, metric: "%", dec: 1, supports: ["KR1a"] },
  { key: "K4", kind: "kpi", title: "IT service-desk resolution time", unit: "infra", person: "lead:infra", cycle: "year", baseline: 30, target: 16, metric: "hours", dir: "decrease", supports: ["O3"] },
  { key: "K5", kind: "kpi", title: "Warehouse space utilisation", desc: "Measured every week; nobody has agreed what good looks like.", unit: "warehouse", person: "lead:warehouse", cycle: "year", baseline: null, target: null, metric: "%", level: 83, dec: 1, supports: ["O3"] },

  // ── Change initiatives ─────────────────────────────────────────────────────────────
  { key: "I1", kind: "initiative", title: "EAM rollout", desc: "Replace spreadsheets and the old maintenance tool with one enterprise asset-management system across the four plants.", unit: "it", person: "cio", cycle: "year", baseline: 0, target: 4, metric: "plants live", to: [["KR4a", 1]], supports: ["KR3b"], conf: 0.7 },
  { key: "I2", kind: "initiative", title: "Customer-experience transformation", desc: "Start with the teams already on board, show the wins, widen the circle of support.", unit: "transform", person: "lead:transform", cycle: "year", baseline: 2, target: 12, metric: "teams running CX pilots", to: [["KR4b", 1]], supports: ["O2"], conf: 0.72, notes: ["Two more store teams asked to join after the pilot results were shared.", "Distribution leads now on board after the returns quick win."] },
  { key: "I3", kind: "initiative", title: "IT–business field days and role-plays", desc: "Every IT engineer spends a day where the work happens; IT and the business swap roles once a month.", unit: "bizapps", person: "lead:bizapps", cycle: "year", baseline: 15, target: 100, metric: "% of IT staff", to: [["KR4c", 1]] },

  // ── Department goals ───────────────────────────────────────────────────────────────
  { key: "P1", kind: "goal", title: "Raise running-shoe output", desc: "Add capacity on the Tempo and Glide lines, agreed with Marketing, Distribution and Retail Sales.", unit: "production", person: "jack", cycle: "year", baseline: 18000, target: 22000, metric: "pairs/week", priority: 1, to: [["KR1b", 0.7], ["KR1a", 0.3]], conf: 0.62, prog: 0.55, notes: ["Line 2 back after the lasting-machine repair; +600 pairs this week.", "Agreed with Marketing, Distribution and Retail to favour Tempo 3 and Glide 2.", "Still waiting for the model-level forecast before adding a night shift."] },
  { key: "P2", kind: "goal", title: "Cut unplanned line downtime", unit: "production", person: "jack", cycle: "year", baseline: 46, target: 24, metric: "hours/month", dir: "decrease", priority: 2, to: [["KR3b", 1]], supports: ["I1"] },
  { key: "P3", kind: "goal", title: "Bring cost per pair down to €19.80", unit: "production", person: "jack", cycle: "year", baseline: 21.4, target: 19.8, metric: "€/pair", dir: "decrease", dec: 2, priority: 3, to: [["KR3a", 1]] },
  { key: "M1", kind: "goal", title: "Build demand for the Tempo and Glide lines", unit: "marketing", person: "mkt", cycle: "year", baseline: 9000, target: 14000, metric: "pre-orders/quarter", priority: 1, to: [["KR1a", 0.6], ["KR1c", 0.4]], notes: ["Pre-orders strong, but the extra Tempo supply depends on the second lasting line."] },
  { key: "M2", kind: "goal", title: "Launch the trail-running campaign", unit: "marketing", person: "mkt", cycle: "year", baseline: 0, target: 3.5, metric: "€M attributed revenue", dec: 2, priority: 2, to: [["KR1a", 1]] },
  { key: "M3", kind: "goal", title: "Raise NPS among runners to 40", unit: "marketing", person: "mkt", cycle: "year", baseline: 28, target: 40, metric: "NPS", priority: 3, to: [["KR2a", 1]], supports: ["I2"] },
  { key: "D1", kind: "goal", title: "Ship the extra running-shoe volume on time", unit: "distribution", person: "dist", cycle: "year", baseline: 88, target: 97, metric: "% on-time shipments", dec: 1, priority: 1, to: [["KR1a", 0.5], ["KR2c", 0.5]] },
  { key: "D2", kind: "goal", title: "Deliver online orders in 2.5 days", unit: "distribution", person: "dist", cycle: "year", baseline: 4.5, target: 2.5, metric: "days", dir: "decrease", dec: 1, priority: 2, to: [["KR2c", 1]] },
  { key: "D3", kind: "goal", title: "Lower freight cost per pair", unit: "distribution", person: "dist", cycle: "year", baseline: 1.9, target: 1.6, metric: "€/pair", dir: "decrease", dec: 2, priority: 3, to: [["KR3a", 1]] },
  { key: "R1", kind: "goal", title: "Grow running-shoe sell-through in stores", unit: "retail", person: "retail", cycle: "year", baseline: 60, target: 75, metric: "%", dec: 1, priority: 1, to: [["KR1c", 0.7], ["KR1a", 0.3]] },
  { key: "R2", kind: "goal", title: "Grow e-commerce running-shoe revenue", unit: "retail", person: "retail", cycle: "year", baseline: 8, target: 11.5, metric: "€M/quarter", dec: 2, priority: 2, to: [["KR1a", 1]] },
  { key: "R3", kind: "goal", title: "Grow wholesale running revenue", unit: "retail", person: "retail", cycle: "year", baseline: 3.2, target: 4.5, metric: "€M/quarter", dec: 2, priority: 3, to: [["KR1a", 1]] },
  { key: "T1", kind: "goal", title: "Roll out EAM to all four plants", unit: "it", person: "cio", cycle: "year", baseline: 0, target: 4, metric: "plants", priority: 1, to: [["I1", 1]] },
  { key: "T2", kind: "goal", title: "Walk in the business's shoes", desc: "Field days for every IT engineer and monthly role-play sessions with the business.", unit: "it", person: "cio", cycle: "year", baseline: 15, target: 100, metric: "% of IT staff with a field day", priority: 2, to: [["I3", 1]] },
  { key: "T3", kind: "goal", title: "Modernise customer and order systems", unit: "it", person: "cio", cycle: "year", baseline: 2, target: 8, metric: "integrations live", priority: 3, to: [["KR2b", 0.6], ["KR2c", 0.4]] },
  { key: "C1", kind: "goal", title: "Resolve customer contacts first time", unit: "cx", person: "cxo", cycle: "year", baseline: 68, target: 85, metric: "%", dec: 1, priority: 1, to: [["KR2b", 1]] },
  { key: "C2", kind: "goal", title: "Grow the circle of CX supporters", desc: "True alignment follows success: recruit the willing, show the wins, widen the circle.", unit: "cx", person: "cxo", cycle: "year", baseline: 12, target: 60, metric: "people", priority: 2, to: [["I2", 1]], notes: ["Circle at 41: the pilot-store quick wins brought in the Warehouse team."] },
  { key: "C3", kind: "goal", title: "Close the loop with every detractor", unit: "cx", person: "cxo", cycle: "year", baseline: 20, target: 90, metric: "% of detractors called back", priority: 3, to: [["KR2a", 1]] },

  // ── Team goals: Production ─────────────────────────────────────────────────────────
  { key: "A1", kind: "goal", title: "Add a second Tempo lasting line", unit: "assembly", person: "lead:assembly", cycle: "year", baseline: 0, target: 100, metric: "% ready", priority: 1, to: [["P1", 1]], conf: 0.42, prog: 0.45, notes: ["Machine delivery slipped three weeks; installation crew booked for after.", "Still no date for the second lasting machine."] },
  { key: "A2", kind: "goal", title: "Lift line-1 throughput to 1,400 pairs a shift", unit: "assembly", person: "lead:assembly", cycle: "year", baseline: 1150, target: 1400, metric: "pairs/shift", priority: 2, to: [["P1", 1]] },
  { key: "A3", kind: "goal", title: "Cut model changeover time", unit: "assembly", person: "lead:assembly", cycle: "year", baseline: 45, target: 20, metric: "minutes", dir: "decrease", priority: 3, to: [["P1", 0.5], ["P3", 0.5]] },
  { key: "A4", kind: "goal", title: "Hire and train 12 seasonal assemblers", unit: "assembly", person: "lead:assembly", cycle: "year", baseline: 0, target: 12, metric: "people", priority: 4, to: [["P1", 1]], conf: 0.22, prog: 0.25, notes: ["Only three hires so far; the local labour market is very tight.", "Two candidates declined the offer."] },
  { key: "A5", kind: "goal", title: "Reduce glue-station rework", unit: "assembly", person: "lead:assembly", cycle: "year", baseline: 6, target: 3, metric: "%", dir: "decrease", dec: 1, priority: 5, to: [["P3", 1]] },
  { key: "A6", kind: "goal", title: "Run daily tier-1 huddles on every line", unit: "assembly", person: "lead:assembly", cycle: "year", baseline: 40, target: 95, metric: "% of shifts", priority: 6, to: [["P2", 1]] },
  { key: "A7", kind: "goal", title: "Autonomous maintenance on every press", unit: "assembly", person: "lead:assembly", cycle: "year", baseline: 20, target: 100, metric: "% of presses", priority: 7, to: [["P2", 1]] },
  { key: "A8", kind: "goal", title: "Pilot a four-day week on line 2", desc: "A local experiment; nobody has linked it to a company objective yet.", unit: "assembly", person: "lead:assembly", cycle: "year", baseline: 7, target: 4, metric: "% absenteeism", dir: "decrease", dec: 1, priority: 8 },
  { key: "A9", kind: "goal", title: "Cut sole-press scrap", unit: "assembly", person: "lead:assembly", cycle: "year", baseline: 260, target: 120, metric: "pairs/week", dir: "decrease", priority: 9, to: [["P3", 1]] },
  { key: "MS1", kind: "goal", title: "Secure upper-mesh supply for 20% more output", unit: "materials", person: "lead:materials", cycle: "year", baseline: 70, target: 100, metric: "% of forecast covered", priority: 1, to: [["P1", 1]] },
  { key: "MS2", kind: "goal", title: "Qualify a second foam supplier", unit: "materials", person: "lead:materials", cycle: "year", baseline: 0, target: 6, metric: "qualification steps", priority: 2, to: [["P3", 1]], staleDays: 41, conf: 0.55 },
  { key: "Q1", kind: "goal", title: "Halve sole-separation returns", unit: "quality", person: "lead:quality", cycle: "year", baseline: 9, target: 4.5, metric: "returns per 1,000 pairs", dir: "decrease", dec: 1, priority: 1, to: [["P3", 1]] },
  { key: "Q2", kind: "goal", title: "Renew the ISO 45001 safety certification", unit: "quality", person: "lead:quality", cycle: "year", baseline: 0, target: 14, metric: "audit findings closed", priority: 2, standalone: "Legal and insurance requirement for running the plants; it is done whatever the strategy says." },

  // ── Team goals: Marketing ──────────────────────────────────────────────────────────
  { key: "BC1", kind: "goal", title: "Publish the runner stories series", unit: "brand", person: "lead:brand", cycle: "year", baseline: 0, target: 12, metric: "episodes", priority: 1, to: [["M3", 1]], staleDays: 52, conf: 0.6 },
  { key: "BC2", kind: "goal", title: "Grow the running community", unit: "brand", person: "lead:brand", cycle: "year", baseline: 4000, target: 10000, metric: "members", priority: 2, to: [["M3", 0.5], ["M1", 0.5]] },
  { key: "PM1", kind: "goal", title: "Publish a model-level demand forecast", unit: "prodmkt", person: "lead:prodmkt", cycle: "year", baseline: 65, target: 85, metric: "% forecast accuracy", priority: 1, to: [["M1", 1]] },
  { key: "PM2", kind: "goal", title: "Reorganise the sample room", unit: "prodmkt", person: "lead:prodmkt", cycle: "year", baseline: 10, target: 100, metric: "% of samples catalogued", priority: 2 },
  { key: "DM1", kind: "goal", title: "Cut cost per acquisition", unit: "digital", person: "lead:digital", cycle: "year", baseline: 24, target: 17, metric: "€", dir: "decrease", dec: 2, priority: 1, to: [["M2", 1]] },
  { key: "DM2", kind: "goal", title: "Grow trail-campaign orders online", unit: "digital", person: "lead:digital", cycle: "year", baseline: 0, target: 9000, metric: "orders", priority: 2, to: [["M2", 1]] },

  // ── Team goals: Distribution ───────────────────────────────────────────────────────
  { key: "WO1", kind: "goal", title: "Add a second picking shift", unit: "warehouse", person: "lead:warehouse", cycle: "year", baseline: 2800, target: 3600, metric: "pairs picked/day", priority: 1, to: [["D1", 1]] },
  { key: "WO2", kind: "goal", title: "Cut mis-picks", unit: "warehouse", person: "lead:warehouse", cycle: "year", baseline: 1.2, target: 0.5, metric: "% of order lines", dir: "decrease", dec: 2, priority: 2, to: [["D2", 1]] },
  { key: "LT1", kind: "goal", title: "Same-day courier in three cities", unit: "logistics", person: "lead:logistics", cycle: "year", baseline: 0, target: 3, metric: "cities", priority: 1, to: [["D2", 1]] },
  { key: "LT2", kind: "goal", title: "Renegotiate parcel rates", unit: "logistics", person: "lead:logistics", cycle: "year", baseline: 6.1, target: 5.2, metric: "€/parcel", dir: "decrease", dec: 2, priority: 2, to: [["D3", 1]] },
  { key: "U1", kind: "goal", title: "Consolidate shipping carriers", desc: "Raised in the last operations review; nobody picked it up.", unit: null, cycle: "year", baseline: 7, target: 3, metric: "carriers", dir: "decrease", to: [["D3", 1]] },

  // ── Team goals: Retail Sales ───────────────────────────────────────────────────────
  { key: "FS1", kind: "goal", title: "Train every store team in gait analysis", unit: "stores", person: "lead:stores", cycle: "year", baseline: 30, target: 90, metric: "% of staff", priority: 1, to: [["R1", 1]] },
  { key: "FS2", kind: "goal", title: "Open a pop-up store at the city marathon", desc: "Cancelled: the marathon moved to a date after the season.", unit: "stores", person: "lead:stores", cycle: "year", baseline: 0, target: 1500, metric: "pairs sold", priority: 2, status: "cancelled", to: [["R1", 1]] },
  { key: "EC1", kind: "goal", title: "Launch same-day click & collect", unit: "ecom", person: "lead:ecom", cycle: "year", baseline: 0, target: 800, metric: "orders/week", priority: 1, to: [["R2", 1]] },
  { key: "EC2", kind: "goal", title: "Lift webshop conversion", unit: "ecom", person: "lead:ecom", cycle: "year", baseline: 1.8, target: 2.6, metric: "%", dec: 2, priority: 2, to: [["R2", 1]] },
  { key: "WA1", kind: "goal", title: "Sign three specialist running retailers", unit: "wholesale", person: "lead:wholesale", cycle: "year", baseline: 0, target: 3, metric: "accounts", priority: 1, to: [["R3", 1]], conf: 0.25, prog: 0, notes: ["Two prospects chose a competitor; pipeline is thin.", "No signature yet; buyers waiting for the Tempo 3 supply date."] },
  { key: "U2", kind: "goal", title: "Refresh the running wall in every store", desc: "Everyone agrees it matters; no team has taken it on.", unit: null, cycle: "year", baseline: 0, target: 24, metric: "stores", to: [["R1", 1]] },

  // ── Team goals: IT ─────────────────────────────────────────────────────────────────
  { key: "ER1", kind: "goal", title: "Migrate the Plant 1 asset register", unit: "eam", person: "lead:eam", cycle: "year", baseline: 0, target: 100, metric: "% of assets", priority: 1, status: "done", to: [["T1", 1]] },
  { key: "ER2", kind: "goal", title: "Go live with EAM at plants 2 to 4", unit: "eam", person: "lead:eam", cycle: "year", baseline: 1, target: 4, metric: "plants", priority: 2, to: [["T1", 1]] },
  { key: "ER3", kind: "goal", title: "Train maintenance crews on EAM", unit: "eam", person: "lead:eam", cycle: "year", baseline: 0, target: 100, metric: "% of crews", priority: 3, to: [["T1", 1]], notes: ["Field day on the Assembly floor changed the training plan: shorter modules, on the tablet."] },
  { key: "BA1", kind: "goal", title: "One customer view in the CRM", unit: "bizapps", person: "lead:bizapps", cycle: "year", baseline: 35, target: 90, metric: "% of contacts with full history", priority: 1, to: [["T3", 1]] },
  { key: "BA2", kind: "goal", title: "Real-time stock feed to the webshop", unit: "bizapps", person: "lead:bizapps", cycle: "year", baseline: 240, target: 15, metric: "minutes delay", dir: "decrease", priority: 2, to: [["T3", 1]] },
  { key: "IS1", kind: "goal", title: "Rugged tablets for every maintenance crew", unit: "infra", person: "lead:infra", cycle: "year", baseline: 0, target: 60, metric: "tablets", priority: 1, to: [["T1", 1]], supports: ["I1"] },
  { key: "IS2", kind: "goal", title: "Run IT–business role-play sessions", unit: "infra", person: "lead:infra", cycle: "year", baseline: 0, target: 6, metric: "sessions", priority: 2, to: [["T2", 1]], notes: ["Role-play on missed revenue: IT played Retail, Retail played the service desk. Five action items."] },

  // ── Team goals: Customer Experience & Transformation ───────────────────────────────
  { key: "CC1", kind: "goal", title: "Resolve more contacts on first touch", unit: "care", person: "lead:care", cycle: "year", baseline: 68, target: 85, metric: "%", dec: 1, priority: 1, to: [["C1", 1]] },
  { key: "CC2", kind: "goal", title: "Call back every detractor within 48 hours", unit: "care", person: "lead:care", cycle: "year", baseline: 20, target: 90, metric: "%", priority: 2, to: [["C3", 1]], supports: ["I2"] },
  { key: "CI1", kind: "goal", title: "Weekly voice-of-customer digest for every department", unit: "insights", person: "lead:insights", cycle: "year", baseline: 1, target: 6, metric: "departments", priority: 1, to: [["C3", 0.5], ["C2", 0.5]] },
  { key: "CI2", kind: "goal", title: "Explore a shoe-recycling take-back scheme", unit: "insights", person: "lead:insights", cycle: "year", baseline: 0, target: 2000, metric: "pairs collected", priority: 2, status: "draft", supports: ["I2"] },
  { key: "TO1", kind: "goal", title: "Recruit CX champions in every department", unit: "transform", person: "lead:transform", cycle: "year", baseline: 6, target: 30, metric: "champions", priority: 1, to: [["C2", 1]], supports: ["I2"] },
  { key: "TO2", kind: "goal", title: "Show three quick wins from the pilot stores", unit: "transform", person: "lead:transform", cycle: "year", baseline: 0, target: 3, metric: "wins", priority: 2, to: [["C2", 1]], notes: ["Second quick win shared: returns handled in one contact at the Central store."] },

  // ── Personal goals ─────────────────────────────────────────────────────────────────
  personal("assembly:1", "Certify on the new lasting machine", 0, 5, "modules", "A1"),
  personal("assembly:2", "Cut changeover on my line to 25 minutes", 45, 25, "minutes", "A3", { dir: "decrease" }),
  personal("assembly:3", "Mentor four seasonal assemblers", 0, 4, "people", "A4"),
  personal("assembly:4", "Zero rework at glue station 3", 6, 1, "%", "A5", { dir: "decrease", dec: 1 }),
  personal("materials:1", "Lock in mesh contracts with two mills", 0, 2, "contracts", "MS1"),
  personal("materials:2", "Audit the backup foam supplier", 0, 2, "audits", "MS2", { staleDays: 38 }),
  personal("quality:1", "Roll out the sole-bond pull test", 0, 100, "% of lines", "Q1"),
  personal("quality:2", "Train inspectors on the new defect codes", 0, 10, "inspectors", "Q1"),
  personal("brand:1", "Film six runner stories", 0, 6, "stories", "BC1", { staleDays: 35 }),
  personal("brand:2", "Grow the Strava club to 5,000 members", 1800, 5000, "members", "BC2"),
  personal("prodmkt:1", "Build the model-level forecast in the planning tool", 0, 100, "% of models", "PM1"),
  personal("prodmkt:2", "Catalogue every sample pair", 0, 1200, "pairs", "PM2"),
  personal("digital:1", "Bring paid-social cost per acquisition under €18", 24, 18, "€", "DM1", { dir: "decrease", dec: 2 }),
  personal("digital:2", "Run eight landing-page tests", 0, 8, "tests", "DM2"),
  personal("warehouse:1", "Cross-train ten pickers for the late shift", 0, 10, "pickers", "WO1"),
  personal("warehouse:2", "Re-slot the 200 fastest-moving SKUs", 0, 200, "SKUs", "WO2"),
  personal("logistics:1", "Shortlist same-day couriers", 0, 3, "couriers", "LT1"),
  personal("logistics:2", "Run the parcel tender", 0, 4, "bids", "LT2"),
  personal("stores:1", "Certify eight Central store staff in gait analysis", 0, 8, "staff", "FS1"),
  personal("stores:2", "Certify six Harbour store staff in gait analysis", 0, 6, "staff", "FS1"),
  personal("stores:3", "Host a weekly run club from the store", 0, 12, "runs", "FS1"),
  personal("ecom:1", "Build the click & collect checkout flow", 0, 100, "% done", "EC1"),
  personal("ecom:2", "Get product pages under two seconds", 3.8, 2, "seconds", "EC2", { dir: "decrease", dec: 1 }),
  personal("wholesale:1", "Pitch the Tempo range to ten specialist stores", 0, 10, "pitches", "WA1"),
  personal("eam:0", "Spend two days a week on the Assembly floor", 0, 24, "days", "ER3", { notes: ["Sat in on the line-2 breakdown; the work-order form needs a photo field."] }),
  personal("eam:1", "Map the Plant 2 asset hierarchy", 0, 100, "%", "ER2"),
  personal("eam:2", "Map the Plant 1 spare-parts list", 0, 100, "%", "ER1", { status: "done" }),
  personal("eam:3", "Write the EAM work-order training", 0, 8, "modules", "ER3"),
  personal("bizapps:1", "Connect the CRM to order history", 0, 100, "%", "BA1"),
  personal("bizapps:2", "Stream stock levels every 15 minutes", 240, 15, "minutes", "BA2", { dir: "decrease" }),
  personal("infra:1", "Deploy 60 rugged tablets", 0, 60, "tablets", "IS1"),
  personal("infra:2", "Play the store manager in the first role-play", 0, 1, "sessions", "IS2", { status: "done" }),
  personal("care:1", "Handle returns in one contact", 55, 80, "%", "CC1"),
  personal("care:2", "Call back detractors within 48 hours", 20, 90, "%", "CC2"),
  personal("care:3", "Coach the evening shift on first-contact resolution", 0, 8, "agents", "CC1"),
  personal("insights:1", "Publish the weekly voice-of-customer digest", 0, 12, "issues", "CI1"),
  personal("transform:0", "Shadow the care team every week", 0, 12, "sessions", "TO1"),
  personal("transform:1", "Recruit eight CX champions in Retail and Distribution", 0, 8, "champions", "TO1"),
  personal("transform:2", "Write up the pilot-store quick wins", 0, 3, "write-ups", "TO2"),
];

function personal(
  person: string,
  title: string,
  baseline: number,
  target: number,
  metric: string,
  parent: string,
  extra: Partial<NodeSpec> = {},
): NodeSpec {
  return {
    key: `pg:${person}`,
    kind: "goal",
    title,
    unit: null,
    person,
    cycle: "quarter",
    baseline,
    target,
    metric,
    to: [[parent, 1]],
    ...extra,
  };
}

export interface DependencySpec {
  /** The goal that relies on `to`. */
  from: string;
  to: string;
  state: DependencyState;
  /** Days since the request was made and since its state last changed. */
  created: number;
  updated: number;
  note: string;
}

// biome-ignore format: one record per line reads as a table
export const DEPENDENCIES: DependencySpec[] = [
  { from: "D1", to: "P1", state: "accepted", created: 170, updated: 165, note: "The second picking shift is planned around Jack's ramp-up." },
  { from: "R1", to: "P1", state: "accepted", created: 170, updated: 164, note: "Stores need Tempo 3 and Glide 2 in every size by spring." },
  { from: "M1", to: "A1", state: "accepted", created: 150, updated: 140, note: "The Tempo pre-order campaign assumes the second lasting line." },
  { from: "P1", to: "PM1", state: "requested", created: 27, updated: 24, note: "Which models should get the extra capacity? Production needs the forecast by model." },
  { from: "EC1", to: "LT1", state: "declined", created: 60, updated: 9, note: "Declined: no same-day courier capacity until the new contracts are signed." },
  { from: "P2", to: "ER1", state: "done", created: 160, updated: 40, note: "Plant 1 work orders now come from the EAM asset register." },
  { from: "CC1", to: "BA1", state: "accepted", created: 120, updated: 115, note: "Agents need the order history next to every contact." },
  { from: "EC2", to: "BA2", state: "requested", created: 4, updated: 3, note: "Out-of-stock sizes still show as available for hours." },
  { from: "ER3", to: "A7", state: "accepted", created: 90, updated: 84, note: "Crews are trained on the presses they already maintain." },
  { from: "TO2", to: "CI1", state: "accepted", created: 75, updated: 70, note: "Quick wins are measured in the voice-of-customer digest." },
  { from: "R2", to: "D2", state: "accepted", created: 140, updated: 133, note: "Faster delivery is the main lever for webshop repeat orders." },
];

/** Check-in notes by how the owner feels (latest confidence). */
export const NOTES = {
  good: [
    "On track; last week's numbers held.",
    "Ahead of plan after a strong week.",
    "Steady progress, no blockers.",
    "Good week: the team hit every daily target.",
    "Trend is right; keeping the same rhythm.",
    "Moving well; peers confirmed their part.",
  ],
  fair: [
    "Slightly behind plan; recovery actions agreed.",
    "Flat week while we wait on parts.",
    "Slower than hoped, still reachable.",
    "Mixed week: two good days, three average.",
    "Holding steady; watching the trend.",
    "Some slippage; discussed at the peer sync.",
  ],
  poor: [
    "Behind plan; we need help from peers.",
    "Blocked; raised it at the peer sync.",
    "Slipping; confidence down until capacity is confirmed.",
    "Not enough people to keep pace.",
    "Risk growing; escalated to my manager.",
  ],
  unmeasured: [
    "No agreed measure yet; gut feel only.",
    "Discussed at the operations review; still no target.",
    "Suppliers mostly fine this fortnight, a few late deliveries.",
  ],
  done: "Done: target reached.",
  cancelled: "Stopping here; goal cancelled.",
};
