import type { JobStatus } from '../../api/gen/types.gen';
import { VocabularyBadge } from '../../components/vocabulary-badge';
import { STATUS_COLOR, STATUS_LABEL } from './vocabulary';

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return <VocabularyBadge word={status} colors={STATUS_COLOR} labels={STATUS_LABEL} />;
}
