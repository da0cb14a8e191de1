import { Badge, Text } from '@mantine/core';

import type { Health, MatchStatus, SupportTier } from '../../api/gen/types.gen';
import { VocabularyBadge } from '../../components/vocabulary-badge';
import { formatDate, humanize } from '../../lib/format';
import { HEALTH_COLOR, HEALTH_LABEL, TIER_COLOR } from './vocabulary';

export function HealthBadge({ health, due }: { health: Health | null | undefined; due?: string | null }) {
  if (!health) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Badge
      variant={health === 'needs_check_in' ? 'filled' : 'outline'}
      color={HEALTH_COLOR[health]}
      miw="max-content"
      title={due ? `Next check-in due ${formatDate(due)}` : undefined}
    >
      {HEALTH_LABEL[health]}
    </Badge>
  );
}

const STATUS_COLOR: Record<MatchStatus, string> = {
  proposed: 'blue.9',
  active: '#1e6b30',
  completed: 'gray.8',
  ended_early: '#a63c06',
};

export function MatchStatusBadge({ status }: { status: MatchStatus }) {
  return <VocabularyBadge word={status} colors={STATUS_COLOR} />;
}

export function TierBadge({ tier, count }: { tier: SupportTier | null | undefined; count?: number }) {
  if (!tier) {
    return (
      <Badge variant="outline" color="gray.8" miw="max-content">
        No tier{count != null ? ` ×${count}` : ''}
      </Badge>
    );
  }
  return (
    <Badge variant={tier === 'intensive' ? 'filled' : 'outline'} color={TIER_COLOR[tier]} miw="max-content">
      {humanize(tier)}
      {count != null ? ` ×${count}` : ''}
    </Badge>
  );
}
