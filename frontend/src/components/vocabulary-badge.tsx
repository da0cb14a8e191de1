import { Badge } from '@mantine/core';

import { humanize } from '../lib/format';

/**
 * One word of a vocabulary (a status) as an outlined badge in its colour; `labels` words it,
 * else the word itself. Dark shades keep the text at AA contrast on the light badge.
 */
export function VocabularyBadge<W extends string>({
  word,
  colors,
  labels,
}: {
  word: W;
  colors: Record<W, string>;
  labels?: Record<W, string>;
}) {
  return (
    <Badge variant="outline" color={colors[word]} miw="max-content">
      {labels ? labels[word] : humanize(word)}
    </Badge>
  );
}
