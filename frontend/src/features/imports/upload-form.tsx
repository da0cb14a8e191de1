import { Alert, Button, Checkbox, FileInput, Group, Select, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { listDistrictsOptions, listProgramsOptions } from '../../api/gen/@tanstack/react-query.gen';
import { toApiError } from '../../lib/api';
import { US_STATES } from '../../lib/states';
import { type ImportBody, useStartImport } from './use-start-import';
import { KIND_LABEL } from './vocabulary';

type Kind = ImportBody['kind'];

const KINDS = (Object.keys(KIND_LABEL) as Kind[]).map((value) => ({ value, label: KIND_LABEL[value] }));

export function UploadForm({ isAdmin }: { isAdmin: boolean }) {
  const [kind, setKind] = useState<Kind>('oneroster');
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [allowShrink, setAllowShrink] = useState(false);
  const [overwriteEdited, setOverwriteEdited] = useState(false);
  const [districtId, setDistrictId] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [programId, setProgramId] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { start, isPending } = useStartImport();
  const districts = useQuery({ ...listDistrictsOptions({ query: { limit: 500, sort: 'name' } }), staleTime: 5 * 60_000 });
  const programs = useQuery({
    ...listProgramsOptions({ query: { limit: 200, sort: 'name' } }),
    enabled: kind === 'matches',
    staleTime: 5 * 60_000,
  });

  const submit = async () => {
    setFailure(null);
    if (!file) {
      setFileError('Choose a file to import.');
      return;
    }
    setFileError(null);
    try {
      await start({
        file,
        kind,
        dry_run: dryRun,
        allow_shrink: allowShrink,
        overwrite_edited: overwriteEdited,
        district_id: districtId ?? undefined,
        state: kind === 'oneroster' ? (state ?? undefined) : undefined,
        program_id: kind === 'matches' ? (programId ?? undefined) : undefined,
      });
    } catch (error) {
      const e = toApiError(error);
      const fields = e.fieldErrors();
      if (fields.file) setFileError(fields.file);
      setFailure(e.detail ?? e.title);
    }
  };

  const kinds = isAdmin ? KINDS : KINDS.filter((k) => k.value !== 'nces');
  return (
    <form
      noValidate
      aria-label="Upload a file to import"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm" maw={560}>
        {failure && (
          <Alert color="red" role="alert" title="The import was not started">
            {failure}
          </Alert>
        )}
        <Select
          label="Kind of file"
          data={kinds}
          value={kind}
          onChange={(v) => v && setKind(v as Kind)}
          allowDeselect={false}
          required
        />
        <FileInput
          label="File"
          description={kind === 'oneroster' ? 'A OneRoster CSV zip.' : 'A UTF-8 CSV file with a header line.'}
          placeholder="Choose a file"
          accept={kind === 'oneroster' ? '.zip,application/zip' : '.csv,text/csv'}
          value={file}
          onChange={(f) => {
            setFile(f);
            setFileError(null);
          }}
          error={fileError}
          required
          clearable
        />
        <Select
          label="District"
          description={isAdmin ? 'Optional for administrators.' : 'Your own district when left empty.'}
          placeholder="Choose a district"
          data={(districts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          value={districtId}
          onChange={setDistrictId}
          searchable
          clearable
        />
        {kind === 'oneroster' && (
          <Select
            label="State of districts the file adds"
            data={[...US_STATES]}
            value={state}
            onChange={setState}
            searchable
            clearable
          />
        )}
        {kind === 'matches' && (
          <Select
            label="Programme"
            placeholder="Choose a programme"
            data={(programs.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={programId}
            onChange={setProgramId}
            searchable
            required
          />
        )}
        <Checkbox
          label="Dry run: show what would change, write nothing"
          checked={dryRun}
          onChange={(e) => setDryRun(e.currentTarget.checked)}
        />
        <Checkbox
          label="Allow shrink: import even if it deactivates more than 20 % of a district's records"
          checked={allowShrink}
          onChange={(e) => setAllowShrink(e.currentTarget.checked)}
        />
        <Checkbox
          label="Overwrite records edited in Trellis since the last import"
          checked={overwriteEdited}
          onChange={(e) => setOverwriteEdited(e.currentTarget.checked)}
        />
        <Group>
          <Button type="submit" loading={isPending}>
            {dryRun ? 'Start dry run' : 'Import'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
