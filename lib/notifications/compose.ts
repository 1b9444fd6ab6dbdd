/**
 * What a notice says, in the app and in its e-mail (docs/decisions/0026): one sentence per kind, the section named as
 * everywhere (section_label), a link to the page it is about and, for a non-essential kind, to the preferences.
 */
import type { NotificationKind } from '@/db/schema';
import { describePassedOver } from '@/lib/domain/refusals';

export interface NoticeFacts {
  kind: NotificationKind;
  section: string | null;
  sectionId: number | null;
  fromSection: string | null;
  eventId: number | null;
  detail: Record<string, unknown> | null;
}

export const NOTICE_KIND_LABELS: Record<NotificationKind, string> = {
  promoted: 'Promoted from a waitlist',
  passed_over: 'Passed over for a seat',
  reserved_released: 'Reserved seats released',
  section_changed: 'Section moved',
  dropped_by_registrar: 'Dropped by the registrar',
  hold_lifted: 'Hold lifted',
};

/** The kinds a student may stop receiving by e-mail (promotion and pass-over are always sent). */
export const OPTIONAL_NOTICE_KINDS = ['reserved_released', 'section_changed', 'dropped_by_registrar', 'hold_lifted'] as const;

export function isEssential(kind: NotificationKind): boolean {
  return !(OPTIONAL_NOTICE_KINDS as readonly string[]).includes(kind);
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** The notice's headline and its one or two sentences. */
export function describeNotice(n: NoticeFacts): { title: string; body: string } {
  const section = n.section ?? 'a section';
  const d = n.detail ?? {};
  switch (n.kind) {
    case 'promoted':
      return {
        title: `You have a seat in ${section}`,
        body:
          `A seat came free and you were next on the waitlist: you are now enrolled in ${section}.` +
          (n.fromSection
            ? ` As you asked, your seat in ${n.fromSection} was released (${text(d.releasedAs) ?? 'dropped'}).`
            : ''),
      };
    case 'passed_over':
      return {
        title: `You were passed over for a seat in ${section}`,
        body: `A seat came free, but it could not be yours: ${describePassedOver(text(d.reason) ?? 'unknown', null)} You keep your place on the waitlist.`,
      };
    case 'reserved_released':
      return {
        title: `Reserved seats in ${section} are open`,
        body: `Seats held for a group in ${section} are now open to every student.`,
      };
    case 'section_changed':
      return {
        title: `${section} has moved`,
        body:
          text(d.locationTo) !== null
            ? `${section} now meets in ${text(d.locationTo) || 'a room to be announced'} (was ${text(d.locationFrom) || 'unassigned'}).`
            : `The meeting times of ${section} have changed. Check your schedule for the new times.`,
      };
    case 'dropped_by_registrar':
      return {
        title: `The registrar ${d.as === 'withdrawn' ? 'withdrew you from' : 'dropped you from'} ${section}`,
        body: `You no longer hold a seat in ${section}. Your history shows who made the change and when.`,
      };
    case 'hold_lifted':
      return {
        title: 'A registration hold was lifted',
        body:
          `Your hold "${text(d.reason) ?? 'registration hold'}" was lifted.` +
          (d.holdsLeft === 0 ? ' You can register again.' : ' Another hold still blocks registration.'),
      };
  }
}

/** The page a notice is about: its history event when it has one, else the section or the schedule. */
export function noticeHref(n: NoticeFacts): string {
  if (n.eventId !== null) return `/history#event-${n.eventId}`;
  if (n.sectionId !== null) return `/sections/${n.sectionId}`;
  return '/schedule';
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

const escapeHtml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/**
 * The e-mail of a notice. Its Message-ID is the notice's idempotency key: a resend after a crash is the same message,
 * which the mailbox (and our sink) keeps once.
 */
export function composeMail(
  n: NoticeFacts & { idempotencyKey: string },
  to: { email: string; name: string },
  baseUrl: string,
): MailMessage {
  const { title, body } = describeNotice(n);
  const link = new URL(noticeHref(n), baseUrl).toString();
  const preferences = new URL('/notifications/preferences', baseUrl).toString();
  const essential = isEssential(n.kind);
  const footer = essential
    ? 'This notice is always sent: it is about a seat you asked for.'
    : `Stop these e-mails: ${preferences}`;
  const headers: Record<string, string> = { 'X-Curriculab-Notice': n.idempotencyKey };
  if (!essential) headers['List-Unsubscribe'] = `<${preferences}>`;
  return {
    to: `${to.name} <${to.email}>`,
    subject: title,
    messageId: `<${n.idempotencyKey}@notices.curriculab>`,
    headers,
    text: `${to.name},\n\n${body}\n\nSee it in Curriculab: ${link}\n\n--\n${footer}\n`,
    html:
      `<p>${escapeHtml(to.name)},</p><p>${escapeHtml(body)}</p>` +
      `<p><a href="${escapeHtml(link)}">See it in Curriculab</a></p><hr>` +
      (essential
        ? `<p>${escapeHtml(footer)}</p>`
        : `<p><a href="${escapeHtml(preferences)}">Unsubscribe from notices like this</a></p>`),
  };
}
