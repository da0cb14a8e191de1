import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';

import { getSchoolSummaryOptions } from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { SchoolSummaryDocument } from '../features/goals/summary/school-summary';
import { SummaryToolbar } from '../features/goals/summary/summary-toolbar';
import { currentSchoolYear } from '../features/goals/vocabulary';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { schoolId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const year = params.get('school_year') ?? currentSchoolYear();
  const summary = useQuery(getSchoolSummaryOptions({ path: { school_id: schoolId }, query: { school_year: year } }));
  usePageTitle(summary.data ? `${summary.data.school.name} summary ${summary.data.school_year}` : 'School summary');
  return (
    <>
      <SummaryToolbar
        schoolId={schoolId}
        schoolName={summary.data?.school.name}
        schoolYear={year}
        onSchoolYear={(y) => setParams({ school_year: y }, { replace: true })}
      />
      {summary.isPending ? (
        <Loading label="Loading the summary" />
      ) : summary.isError ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <SchoolSummaryDocument summary={summary.data} />
      )}
    </>
  );
}
