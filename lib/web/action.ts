import 'server-only';
import { redirect, unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { failureFromThrown } from '@/db/errors';
import type { UserRole } from '@/db/schema';
import { outcomeFor, type Failure, type Result } from '@/lib/outcomes';
import { hasNul } from '@/lib/text';
import { failure, success, type ActionState } from './action-state';
import { fieldErrors as fieldErrorsOf } from './field-errors';
import { requireRole, type SessionUser } from './authz';
import { revalidateNotices, revalidateSection, revalidateStudent } from './revalidate';

type Form = Record<string, string | string[]>;

type Roles = UserRole[] | 'public';
type Actor<R extends Roles> = R extends 'public' ? null : SessionUser;

type Value<Rs> = Extract<Rs, { ok: true }> extends { value: infer T } ? T : never;
type Refusal<Rs> = Extract<Rs, { ok: false }>;

export interface ActionSpec<S extends z.ZodType, Rs extends Result<unknown>, R extends Roles> {
  /** Who may run it: these roles, any signed-in user (`[]`), or anyone (`'public'`: signing in). */
  roles: R;
  /** The form's fields; the acting user always comes from the session, never from here. */
  input: S;
  run: (input: z.output<S>, user: Actor<R>) => Promise<Rs>;
  /** The section(s) the step changed: every page that shows them is revalidated (lib/web/revalidate.ts). */
  changed?: (input: z.output<S>, value: Value<Rs>) => number | number[];
  /** The step changed the caller's notices (the bell in every page's header). */
  changedNotices?: boolean;
  /** The student whose holds, maximum or overrides the step changed. */
  changedStudent?: (input: z.output<S>) => number;
  /** The confirmation to show, or where to go next. */
  done: (value: Value<Rs>, input: z.output<S>) => string | { redirect: string };
  /** The form field a refusal is about, so the message shows next to it. */
  fieldOf?: Partial<Record<Failure, string>>;
  /** A refusal worded from its result (e.g. with a count read after it); the outcome table otherwise. */
  messageFor?: (refusal: Refusal<Rs>) => string | undefined;
  /** Structured facts of a refusal handed to the form (ActionState.details). */
  detailsFor?: (refusal: Refusal<Rs>) => Record<string, unknown> | undefined;
  /** Fields never handed back to the form (a password). */
  secret?: readonly string[];
}

/** Hidden fields that name what the form acts on: a bad one is that request's failure, not a field to correct. */
const ID_FIELDS: Record<string, Failure> = { sectionId: 'invalid_section_id', studentId: 'invalid_student_id' };

/** FormData as plain fields: a name sent once is a string, a name sent several times (checkboxes) a list. */
export function formFields(formData: FormData): Form {
  const fields: Form = {};
  for (const [name, value] of formData) {
    if (typeof value !== 'string' || name.startsWith('$ACTION')) continue;
    const previous = fields[name];
    fields[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return fields;
}

/**
 * The one pipeline of every server action: authenticate → authorize → validate → run → respond → revalidate.
 * A step returns a Result; anything it throws becomes 'unavailable' or a logged 'unexpected'.
 */
export function action<S extends z.ZodType, Rs extends Result<unknown>, const R extends Roles>(spec: ActionSpec<S, Rs, R>) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const fields = formFields(formData);
    const values = Object.fromEntries(Object.entries(fields).filter(([name]) => !spec.secret?.includes(name)));
    const refuse = (reason: Failure, message = outcomeFor(reason).message) => {
      const field = spec.fieldOf?.[reason];
      return failure(message, field ? { [field]: [message] } : undefined, values);
    };

    let user: SessionUser | null = null;
    if (spec.roles !== 'public') {
      const session = await requireRole(...(spec.roles as UserRole[]));
      if (!session.ok) return refuse(session.reason);
      user = session.value;
    }
    // Not text anyone typed (a browser cannot send U+0000 from a form field): refused, and not handed back.
    if (hasNul(fields)) return failure(outcomeFor('invalid_input').message);
    const parsed = spec.input.safeParse(fields);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[] | undefined> = fieldErrorsOf(parsed.error);
      const badId = Object.keys(ID_FIELDS).find((name) => fieldErrors[name]);
      if (badId) return refuse(ID_FIELDS[badId]!);
      return failure(outcomeFor('invalid_input').message, fieldErrors, values);
    }

    let result: Rs;
    try {
      result = await spec.run(parsed.data, user as Actor<R>);
    } catch (error) {
      unstable_rethrow(error);
      return refuse(failureFromThrown(error));
    }
    if (!result.ok) {
      const refused = refuse(result.reason, result.message ?? spec.messageFor?.(result as Refusal<Rs>));
      const details = spec.detailsFor?.(result as Refusal<Rs>);
      return details ? { ...refused, details } : refused;
    }

    const value = result.value as Value<Rs>;
    if (spec.changed) for (const id of [spec.changed(parsed.data, value)].flat()) revalidateSection(id);
    if (spec.changedStudent) revalidateStudent(spec.changedStudent(parsed.data));
    if (spec.changedNotices) revalidateNotices();
    const done = spec.done(value, parsed.data);
    if (typeof done !== 'string') redirect(done.redirect);
    return success(done);
  };
}
