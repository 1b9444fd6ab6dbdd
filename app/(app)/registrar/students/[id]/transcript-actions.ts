'use server';

import { addTranscriptLineFor, removeTranscriptLineFor, saveStudentProfile } from '@/lib/domain/transcripts';
import { action } from '@/lib/web/action';
import { addTranscriptLineSchema, removeTranscriptLineSchema, studentProfileSchema } from '@/lib/web/transcript-form';

const student = ({ studentId }: { studentId: number }) => studentId;

export const addTranscriptLineAction = action({
  roles: ['registrar'],
  input: addTranscriptLineSchema,
  run: (line) => addTranscriptLineFor(line),
  changedStudent: student,
  done: ({ course }, { grade }) => `${course} (${grade}) added to the transcript.`,
  fieldOf: { course_not_found: 'course', duplicate_transcript_line: 'termCode', invalid_value: 'grade' },
});

export const removeTranscriptLineAction = action({
  roles: ['registrar'],
  input: removeTranscriptLineSchema,
  run: ({ studentId, lineId }) => removeTranscriptLineFor(studentId, lineId),
  changedStudent: student,
  done: () => 'Transcript line removed.',
});

export const saveStudentProfileAction = action({
  roles: ['registrar'],
  input: studentProfileSchema,
  run: (profile) => saveStudentProfile(profile),
  changedStudent: student,
  done: () => 'Profile saved.',
  fieldOf: { invalid_value: 'earnedCredits' },
});
