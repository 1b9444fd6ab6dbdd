'use server';

import { capacityBelowEnrolledMessage, type Failure } from '@/lib/outcomes';
import { changeSection, createSection, removeSection } from '@/lib/domain/registrar';
import { action } from '@/lib/web/action';
import { createSectionSchema, deleteSectionSchema, updateSectionSchema } from '@/lib/web/section-form';

/** Which form field a refusal is about, so the message shows next to it. */
const FIELD_OF: Partial<Record<Failure, string>> = {
  duplicate_section_code: 'code',
  course_not_found: 'courseId',
  term_not_found: 'termId',
  instructor_not_found: 'instructorId',
  not_an_instructor: 'instructorId',
  capacity_below_enrolled: 'capacity',
  invalid_link: 'linkedSectionId',
  schedule_change_conflict: 'meetings',
};

export const createSectionAction = action({
  roles: ['registrar'],
  input: createSectionSchema,
  run: (values) => createSection(values),
  changed: (_input, section) => section.id,
  done: (section) => ({ redirect: `/registrar/sections/${section.id}?created=1` }),
  fieldOf: FIELD_OF,
});

/** Capacity, instructor, meeting time and place. A capacity below the seats taken is refused by the CHECK. */
export const updateSectionAction = action({
  roles: ['registrar'],
  input: updateSectionSchema,
  run: ({ sectionId, acceptConflicts, ...settings }, user) =>
    changeSection(sectionId, settings, user.id, acceptConflicts ?? null),
  changed: ({ sectionId }) => sectionId,
  done: (result) =>
    result.acceptedConflicts
      ? `Section saved. ${result.acceptedConflicts === 1 ? '1 student keeps a seat' : `${result.acceptedConflicts} students keep their seats`} with a time conflict, marked on the roster and on their schedules.`
      : 'Section saved.',
  fieldOf: FIELD_OF,
  messageFor: (refusal) =>
    refusal.reason === 'capacity_below_enrolled' ? capacityBelowEnrolledMessage(refusal.enrolledCount) : undefined,
  detailsFor: (refusal) =>
    'conflicts' in refusal && refusal.conflicts?.length ? { moveConflicts: refusal.conflicts } : undefined,
});

export const deleteSectionAction = action({
  roles: ['registrar'],
  input: deleteSectionSchema,
  run: ({ sectionId }) => removeSection(sectionId),
  changed: ({ sectionId }) => sectionId,
  done: () => ({ redirect: '/registrar?deleted=1' }),
});
