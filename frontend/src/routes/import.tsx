import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';

import { getImportOptions } from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { JobDiff, JobErrors, JobHeader, JobOutcome, JobProgress } from '../features/imports/job-detail';
import { IN_PROGRESS } from '../features/imports/vocabulary';
import { usePageTitle } from '../lib/page-title';

const POLL_MS = 1500;

export function Component() {
  const { jobId = '' } = useParams();
  const job = useQuery({
    ...getImportOptions({ path: { job_id: jobId } }),
    // Follow a job the worker has yet to finish; stop once it has.
    refetchInterval: (query) => (query.state.data && IN_PROGRESS.includes(query.state.data.status) ? POLL_MS : false),
  });
  usePageTitle(job.data ? `Import ${job.data.file_name}` : 'Import');
  if (job.isPending) return <Loading label="Loading import" />;
  if (job.isError) return <ErrorState error={job.error} onRetry={() => void job.refetch()} />;
  return (
    <>
      <Anchor component={Link} to="/imports" size="sm">
        ← All imports
      </Anchor>
      <JobHeader job={job.data} />
      <JobProgress job={job.data} />
      <JobOutcome job={job.data} />
      <JobErrors job={job.data} />
      <JobDiff job={job.data} />
    </>
  );
}
