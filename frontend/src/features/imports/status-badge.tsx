import { Badge } from '@mantine/core';

import type { JobStatus } from '../../api/gen/types.gen';
import { STATUS_COLOR, STATUS_LABEL } from './vocabulary';

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="outline" miw="max-content">
      {STATUS_LABEL[status]}
    </Badge>
  );
}
