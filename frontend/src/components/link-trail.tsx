import { Anchor, Breadcrumbs } from '@mantine/core';
import { Link } from 'react-router';

/** Breadcrumbs of links, each a `[label, to]` pair. */
export function LinkTrail({ links }: { links: [label: string, to: string][] }) {
  return (
    <Breadcrumbs mb="sm">
      {links.map(([label, to]) => (
        <Anchor key={to} component={Link} to={to}>
          {label}
        </Anchor>
      ))}
    </Breadcrumbs>
  );
}
