'use server';

import { z } from 'zod';
import { setSectionPrerequisites } from '@/lib/domain/prerequisites';
import { action } from '@/lib/web/action';
import { text } from '@/lib/web/form-text';
import { idSchema } from '@/lib/ids';

const prerequisitesSchema = z.object({
  sectionId: idSchema,
  expression: text(z.string().max(2000, 'At most 2000 characters')),
});

/** The course's prerequisites as an expression; the answer prints it back as stored (docs/decisions/0023). */
export const setPrerequisitesAction = action({
  roles: ['registrar'],
  input: prerequisitesSchema,
  run: ({ sectionId, expression }) => setSectionPrerequisites(sectionId, expression),
  changed: ({ sectionId }) => sectionId,
  done: (saved) =>
    saved.expression
      ? `Prerequisites of ${saved.course} saved as: ${saved.expression}`
      : `${saved.course} has no prerequisites now.`,
  fieldOf: { invalid_input: 'expression' },
});
