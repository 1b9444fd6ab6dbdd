import { z } from 'zod';
import { LETTER_GRADES, PASS_GRADES, type Grade } from '@/db/schema';
import { idSchema } from '@/lib/ids';

export const GRADES = [...LETTER_GRADES, ...PASS_GRADES] as const;
const SCALE_MESSAGE = `Choose a grade on the scale: ${GRADES.join(' ')}`;

export const gradeSchema = z.enum(GRADES, SCALE_MESSAGE);

/** The roster's grades form: one `grade-<studentId>` select per student; left empty, that student is not graded. */
export const recordGradesFormSchema = z
  .object({ sectionId: idSchema })
  .catchall(z.unknown())
  .transform((form, ctx) => {
    const grades: { studentId: number; grade: Grade }[] = [];
    for (const [name, value] of Object.entries(form)) {
      const student = /^grade-([1-9]\d{0,9})$/.exec(name);
      if (!student || value === '') continue;
      const grade = gradeSchema.safeParse(value);
      if (grade.success) grades.push({ studentId: Number(student[1]), grade: grade.data });
      else ctx.addIssue({ code: 'custom', path: [name], message: SCALE_MESSAGE });
    }
    if (!grades.length && !ctx.issues?.length)
      ctx.addIssue({ code: 'custom', path: ['grades'], message: 'Choose at least one grade' });
    return { sectionId: form.sectionId, grades };
  });

/** PUT /api/sections/{id}/grades. */
export const recordGradesBody = z
  .object({
    grades: z
      .array(z.object({ studentId: z.number().int().positive().max(2_147_483_647), grade: gradeSchema }).strict())
      .min(1, 'Give at least one grade')
      .max(2000),
  })
  .strict();
