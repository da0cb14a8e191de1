import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** A home-page card: what needs attention, how many, and where to deal with it. */
export function AttentionCard({
  title,
  count,
  link,
  linkLabel,
  children,
  headingId,
}: {
  title: string;
  count: number | null | undefined;
  link?: string;
  linkLabel?: string;
  children: ReactNode;
  headingId: string;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="baseline" mb="xs" wrap="nowrap">
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        <Text fw={800} size="xl" aria-label={`${count ?? 0} items`} c={count ? '#a63c06' : '#1e6b30'}>
          {count ?? '–'}
        </Text>
      </Group>
      <Stack gap={6}>{children}</Stack>
      {link && (
        <Anchor component={Link} to={link} size="sm" mt="sm" display="inline-block">
          {linkLabel}
        </Anchor>
      )}
    </Paper>
  );
}
