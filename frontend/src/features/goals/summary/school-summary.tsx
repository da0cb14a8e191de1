import './summary.css';

import type { SchoolSummary } from '../../../api/gen/types.gen';
import { SummaryGoals } from './summary-goals';
import { SummaryGaps, SummaryPartners } from './summary-partners';
import { SummarySchoolFacts } from './summary-school';

/** The one-page summary a coordinator hands to partners; laid out for paper first (summary.css). */
export function SchoolSummaryDocument({ summary }: { summary: SchoolSummary }) {
  return (
    <article className="school-summary" aria-label={`Summary of ${summary.school.name}`}>
      <SummarySchoolFacts summary={summary} />
      <SummaryGoals goals={summary.goals} schoolYear={summary.school_year} />
      <SummaryGaps gaps={summary.gaps} />
      <SummaryPartners partners={summary.partners} />
    </article>
  );
}
