import { Badge, Group, Progress, Text } from '@mantine/core';

import type { GoalRead, GoalStatus } from '../../api/gen/types.gen';
import { VocabularyBadge } from '../../components/vocabulary-badge';
import { NOT_COMPUTED } from './vocabulary';

// Dark shades keep the badge text at AA contrast on its light background.
const ON_TRACK = '#1e6b30';
const BEHIND = '#a63c06';

export function OnTrackBadge({ goal }: { goal: Pick<GoalRead, 'on_track' | 'on_track_reason'> }) {
  if (goal.on_track === true) {
    return (
      <Badge variant="outline" color={ON_TRACK} miw="max-content">
        On track
      </Badge>
    );
  }
  if (goal.on_track === false) {
    return (
      <Badge variant="filled" color={BEHIND} miw="max-content">
        Behind
      </Badge>
    );
  }
  return (
    <Badge variant="outline" color="gray.8" miw="max-content" title={goal.on_track_reason ? NOT_COMPUTED[goal.on_track_reason] : undefined}>
      {goal.on_track_reason ? NOT_COMPUTED[goal.on_track_reason] : 'Not judged'}
    </Badge>
  );
}

const STATUS_COLOR: Record<GoalStatus, string> = {
  draft: 'gray.8',
  active: 'blue.9',
  achieved: ON_TRACK,
  missed: BEHIND,
  dropped: 'gray.8',
};

export function GoalStatusBadge({ status }: { status: GoalStatus }) {
  return <VocabularyBadge word={status} colors={STATUS_COLOR} />;
}

/** Share of the way from baseline to target, or why it cannot be said. */
export function GoalProgress({ goal, label }: { goal: Pick<GoalRead, 'progress' | 'progress_reason' | 'on_track'>; label: string }) {
  if (goal.progress == null) {
    return (
      <Text size="sm" c="dimmed">
        {goal.progress_reason ? NOT_COMPUTED[goal.progress_reason] : 'No progress figure'}
      </Text>
    );
  }
  const percent = Math.round(goal.progress * 100);
  const shown = Math.min(100, Math.max(0, percent));
  return (
    <Group gap="xs" wrap="nowrap" miw={140}>
      <Progress
        value={shown}
        color={goal.on_track === false ? BEHIND : ON_TRACK}
        size="lg"
        style={{ flex: 1 }}
        aria-label={`${label}: ${percent}% of the way to target`}
      />
      <Text size="sm" fw={600} miw="4ch" ta="right">
        {percent}%
      </Text>
    </Group>
  );
}
