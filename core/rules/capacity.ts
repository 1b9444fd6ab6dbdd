import { defineRule, listInWords } from './rule';

export interface SectionFullDetail {
  sectionId: number;
  /** "CS 101-003" */
  section: string;
  /** A full cross-list (docs/decisions/0025): every section sharing its capacity. */
  sharedWith?: string[];
}

/**
 * The founding rule (docs/decisions/0004): a seat exists only under sections_enrolled_count_within_capacity. The
 * refusal names the section, whether the enroll statement saw it full or the count trigger met the CHECK.
 */
export const sectionFull = defineRule<'section_full', SectionFullDetail, null>({
  code: 'section_full',
  sqlstate: '23514',
  constraint: 'sections_enrolled_count_within_capacity',
  status: 409,
  message: 'Section is full',
  override: null,
  describe: (detail) =>
    detail.sharedWith?.length
      ? `Section is full: ${listInWords(detail.sharedWith)} share one capacity and it has no open seats.`
      : `Section is full: ${detail.section} has no open seats.`,
});
