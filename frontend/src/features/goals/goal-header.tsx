import { Anchor, Badge, Breadcrumbs, Button, Group, Paper, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import type { GoalRead } from '../../api/gen/types.gen';
import { Fields } from '../../components/fields';
import { formatDate, humanize } from '../../lib/format';
import { formatValue } from './format-value';
import { GoalProgress, GoalStatusBadge, OnTrackBadge } from './goal-badges';
import { areaLabel } from './vocabulary';

function daysLeft(days: number | null): string | null {
  if (days == null) return null;
  if (days < 0) return `target date passed ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'target date is today';
  return `${days} day${days === 1 ? '' : 's'} to the target date`;
}

export function GoalHeader({ goal, schoolName }: { goal: GoalRead; schoolName: string | undefined }) {
  const list = `/goals?school_year=${goal.school_year}${goal.school_id ? `&school_id=${goal.school_id}` : ''}`;
  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/goals">
          Goals
        </Anchor>
        <Anchor component={Link} to={list}>
          {schoolName ?? 'District'} · {goal.school_year}
        </Anchor>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Title order={1}>{goal.title}</Title>
          <Group gap="xs" mt={6}>
            <GoalStatusBadge status={goal.status ?? 'draft'} />
            <OnTrackBadge goal={goal} />
            <Badge variant="outline" color="gray.8">
              {areaLabel(goal.area)}
            </Badge>
            {goal.priority != null && (
              <Badge variant="outline" color="gray.8">
                Priority {goal.priority}
              </Badge>
            )}
          </Group>
        </div>
        <Button variant="default" component={Link} to={`/goals/${goal.id}/edit`}>
          Edit goal
        </Button>
      </Group>
      <Paper withBorder p="md" mb="lg">
        <GoalProgress goal={goal} label="Progress" />
        <Text size="sm" mt={4} c="dimmed">
          {[
            goal.latest != null ? `Latest ${formatValue(goal.latest, goal.unit)} on ${formatDate(goal.last_measured_on)}` : null,
            goal.expected != null ? `the line to target expects ${formatValue(Math.round(goal.expected * 100) / 100, goal.unit)} by then` : null,
            daysLeft(goal.days_to_target),
          ]
            .filter(Boolean)
            .join('; ')}
        </Text>
        {goal.description && <Text mt="sm">{goal.description}</Text>}
        <Title order={2} size="h5" mt="md" mb="xs">
          How it is measured
        </Title>
        <Fields
          items={[
            ['Metric', goal.metric],
            ['Better is', goal.direction === 'decrease' ? 'Lower' : 'Higher'],
            ['Baseline', goal.baseline_value != null ? `${formatValue(goal.baseline_value, goal.unit)} on ${formatDate(goal.baseline_date)}` : null],
            ['Target', goal.target_value != null ? `${formatValue(goal.target_value, goal.unit)} by ${formatDate(goal.target_date)}` : null],
          ]}
        />
        <Title order={2} size="h5" mt="md" mb="xs">
          What the school asks of partners
        </Title>
        <Text>{goal.partner_ask || 'Nothing asked yet.'}</Text>
        {(goal.asked_services ?? []).length > 0 && (
          <Group gap={4} mt="xs">
            {(goal.asked_services ?? []).map((s) => (
              <Badge key={s} size="sm" variant="outline" color="blue.9">
                {humanize(s)}
              </Badge>
            ))}
          </Group>
        )}
      </Paper>
    </>
  );
}
