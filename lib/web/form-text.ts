import { z } from 'zod';

/**
 * A field the form did not send reads as an empty one (a browser leaves out an empty select or a disabled input),
 * so the field's own message says what is missing.
 */
export const text = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? '', schema);
