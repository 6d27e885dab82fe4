/** The tables an export gives as CSV (its own module: the CLI's help lists them without loading the export). */
export const CSV_TABLES = ["people", "goals", "units", "edges", "checkins"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];
