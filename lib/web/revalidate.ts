import 'server-only';
import { revalidatePath } from 'next/cache';

/**
 * Every page that shows a section (its seats, settings or roster), in one list: a change made anywhere is seen
 * everywhere, and a new page that shows sections is added here, not to each action.
 */
export function sectionPages(sectionId: number): string[] {
  return [
    '/sections',
    `/sections/${sectionId}`,
    `/sections/${sectionId}/roster`,
    '/schedule',
    '/instructor',
    '/registrar',
    `/registrar/sections/${sectionId}`,
  ];
}

export function revalidateSection(sectionId: number): void {
  for (const path of sectionPages(sectionId)) revalidatePath(path);
}

/** The header's bell is in the signed-in layout: every page under it shows the unread count. */
export function revalidateNotices(): void {
  revalidatePath('/', 'layout');
}

/** Every page that shows a student's holds, maximum or overrides. */
export function revalidateStudent(studentId: number): void {
  for (const path of [`/registrar/students/${studentId}`, '/schedule']) revalidatePath(path);
}
