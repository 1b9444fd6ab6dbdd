/** What an import answers, from the CLI and the page alike (docs/decisions/0024). */
export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  kind: ImportKind;
  /** True when the changes were committed; a preview, or a file with errors, writes nothing. */
  applied: boolean;
  /** Every bad row, `line N: column: reason`, in line order; any one of them and nothing is written. */
  errors: string[];
  /** Things done that the registrar should know (a prerequisite course added to the catalog). */
  warnings: string[];
  /** Per kind of row written: sections, courses, instructors, students, … */
  tallies: Record<string, Tally>;
}

export type ImportKind = 'schedule' | 'students' | 'transcripts' | 'appointments';
export const IMPORT_KINDS: readonly ImportKind[] = ['schedule', 'students', 'transcripts', 'appointments'];

export const emptyTally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });

/** Collects `line N: column: reason`, sorted by line when read. */
export class RowErrors {
  private readonly items: { line: number; text: string }[] = [];
  add(line: number, column: string, reason: string) {
    this.items.push({ line, text: `line ${line}: ${column}: ${reason}` });
  }
  get size() {
    return this.items.length;
  }
  list(): string[] {
    return [...this.items].sort((a, b) => a.line - b.line).map((e) => e.text);
  }
}

/** The one-line summary the CLI prints and the page shows above the details. */
export function summarize(report: ImportReport): string {
  if (report.errors.length)
    return `${report.kind}: ${report.errors.length} bad row${report.errors.length === 1 ? '' : 's'}, nothing written`;
  const parts = Object.entries(report.tallies).map(
    ([what, t]) => `${what} ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged`,
  );
  const warnings = report.warnings.length ? `; ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}` : '';
  return `${report.kind}${report.applied ? '' : ' (preview, nothing written)'}: ${parts.join('; ')}${warnings}`;
}
