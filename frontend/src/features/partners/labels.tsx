import type { AgreementStatus } from '../../api/gen/types.gen';
import { VocabularyBadge } from '../../components/vocabulary-badge';

export const AGREEMENT_STATUSES: AgreementStatus[] = ['draft', 'proposed', 'active', 'expired', 'terminated', 'withdrawn'];

// Dark shades on the light badge keep the label at AA contrast.
const COLOR: Record<AgreementStatus, string> = {
  draft: 'gray.8',
  proposed: 'blue.9',
  active: '#1e6b30',
  expired: '#a63c06',
  terminated: 'red.9',
  withdrawn: 'gray.8',
};

export function StatusBadge({ status }: { status: AgreementStatus }) {
  return <VocabularyBadge word={status} colors={COLOR} />;
}
