import { Alert, Button, FileInput, Group, Text } from '@mantine/core';
import { useState } from 'react';

import type { ImportJobRead } from '../../api/gen/types.gen';
import { toApiError } from '../../lib/api';
import { type ImportBody, useStartImport } from './use-start-import';

function optionOf(job: ImportJobRead, name: string): string | null {
  const value = job.options[name];
  return typeof value === 'string' ? value : null;
}

/**
 * The API keeps no copy to re-run a refused job, so the same file is chosen again and sent as a
 * new job with the refused one's options and `allow_shrink`.
 */
export function ResubmitAllowingShrink({ job }: { job: ImportJobRead }) {
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { start, isPending } = useStartImport();
  const map = job.options.map;
  const atomic = job.options.atomic;
  const submit = async () => {
    if (!file) {
      setFailure(`Choose ${job.file_name} again to re-submit it.`);
      return;
    }
    setFailure(null);
    try {
      await start({
        file,
        kind: job.kind as ImportBody['kind'],
        dry_run: job.dry_run,
        allow_shrink: true,
        overwrite_edited: job.overwrite_edited,
        district_id: job.district_id ?? undefined,
        state: optionOf(job, 'state') ?? undefined,
        program_id: optionOf(job, 'program_id') ?? undefined,
        map: Array.isArray(map) ? map.map(String) : undefined,
        atomic: typeof atomic === 'boolean' ? atomic : undefined,
      });
    } catch (error) {
      const e = toApiError(error);
      setFailure(e.detail ?? e.title);
    }
  };
  return (
    <form
      aria-label="Re-submit allowing shrink"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Text size="sm" mb="xs">
        If the deactivations are expected, choose the same file again and re-submit it allowing shrink.
      </Text>
      {failure && (
        <Alert color="red" role="alert" mb="xs">
          {failure}
        </Alert>
      )}
      <Group align="flex-end" mb="md" wrap="wrap">
        <FileInput label="Same file" placeholder={job.file_name} value={file} onChange={setFile} clearable miw={220} />
        <Button type="submit" variant="outline" loading={isPending}>
          Re-submit allowing shrink
        </Button>
      </Group>
    </form>
  );
}
