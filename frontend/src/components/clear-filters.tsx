import { Button } from '@mantine/core';

/** Offered where filters leave a list empty: one click back to everything. */
export function ClearFilters({ onClear }: { onClear: () => void }) {
  return (
    <Button variant="default" size="xs" onClick={onClear}>
      Clear filters
    </Button>
  );
}
