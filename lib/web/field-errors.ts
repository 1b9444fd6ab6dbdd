import { z } from 'zod';

/** The one shape of a validation failure, for the API (`fields`) and the forms (`fieldErrors`) alike: field → messages. */
export const fieldErrors = (error: z.ZodError): Record<string, string[]> =>
  z.flattenError(error).fieldErrors as Record<string, string[]>;
