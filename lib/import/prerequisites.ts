/**
 * The importer's one door to a prerequisite expression: `parsePrerequisites(text)` → groups (every group needed,
 * any one course of a group enough), read by the shared parser in core/prerequisites.ts (docs/decisions/0023, 0024).
 */
import { parsePrerequisites as parseExpression, type PrerequisiteGroup } from '@/core/prerequisites';

export type { PrerequisiteCourse } from '@/core/prerequisites';
export type PrerequisiteGroups = PrerequisiteGroup[];

export function parsePrerequisites(text: string): { ok: true; groups: PrerequisiteGroups } | { ok: false; reason: string } {
  const parsed = parseExpression(text);
  return parsed.ok ? { ok: true, groups: parsed.groups } : { ok: false, reason: parsed.error.message };
}
