import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { ImportJobRead } from '../../api/gen/types.gen';
import { renderWithProviders } from '../../test/render';
import { JobOutcome } from './job-detail';

const job = (over: Partial<ImportJobRead>): ImportJobRead =>
  ({
    id: 'j1',
    kind: 'nces',
    status: 'succeeded',
    dry_run: false,
    overwrite_edited: false,
    options: {},
    district_id: null,
    file_name: 'fl.csv',
    counts: { created: 3, updated: 1, unchanged: 0, would_deactivate: 0, deactivated: 0, kept_edited: 0, failed: 0 },
    error_count: 0,
    errors: [],
    diff: [],
    reason: null,
    ...over,
  }) as ImportJobRead;

const buttons = () => screen.queryAllByRole('button').map((b) => b.textContent);

describe('JobOutcome', () => {
  it('offers Apply only for a dry run that is ready', () => {
    renderWithProviders(<JobOutcome job={job({ status: 'dry_run_ready', dry_run: true })} />);
    expect(buttons()).toEqual(['Apply']);
    expect(screen.getByText('What the import would do')).toBeInTheDocument();
  });

  it('offers Cancel only while the job is queued', () => {
    renderWithProviders(<JobOutcome job={job({ status: 'queued' })} />);
    expect(buttons()).toEqual(['Cancel']);
  });

  it('offers the failed rows when lines were refused', () => {
    renderWithProviders(<JobOutcome job={job({ status: 'failed', reason: 'Line 2 is wrong.', error_count: 1 })} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Line 2 is wrong.');
    expect(buttons()).toEqual(['Download failed rows']);
  });

  it('explains a refusal and asks for the file again before re-submitting allowing shrink', async () => {
    renderWithProviders(
      <JobOutcome job={job({ status: 'refused', reason: 'The import would deactivate 3 of the 5 schools.' })} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('would deactivate 3 of the 5 schools');
    await userEvent.click(screen.getByRole('button', { name: 'Re-submit allowing shrink' }));
    expect(await screen.findByText('Choose fl.csv again to re-submit it.')).toBeInTheDocument();
  });
});
