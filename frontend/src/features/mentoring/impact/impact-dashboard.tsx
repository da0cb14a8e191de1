import { Alert, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { getMentoringImpactOptions } from '../../../api/gen/@tanstack/react-query.gen';
import type { MentoringImpact, PairedChange } from '../../../api/gen/types.gen';
import { ErrorState, Loading } from '../../../components/page-states';
import { formatDate, humanize } from '../../../lib/format';
import { useInteractiveMark } from '../../../lib/interactive';
import { Figure } from './figure';
import { ImpactFilters, useImpactQuery } from './impact-filters';
import { type IntervalEntry, IntervalFigure } from './interval-figure';
import { percent, signed } from './intervals';
import { Pyramid } from './pyramid';

function Level({ id, level, title, children }: { id: string; level: number; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" mb="lg" component="section" id={`level-${id}`} aria-labelledby={`level-${id}-heading`} style={{ scrollMarginTop: 72 }}>
      <Title order={2} size="h4" mb="sm" id={`level-${id}-heading`}>
        {level}. {title}
      </Title>
      {children}
    </Paper>
  );
}

const changeEntry = (label: string, c: PairedChange): IntervalEntry => ({
  label,
  n: c.n,
  value: c.mean_change,
  low: c.ci_low,
  high: c.ci_high,
  withheld: c.withheld_reason,
  extra: c.mean_pre != null && c.mean_post != null ? `(${c.mean_pre.toFixed(2)} → ${c.mean_post.toFixed(2)}, d = ${c.effect_size_dz?.toFixed(2) ?? '—'})` : undefined,
});

function Participation({ m }: { m: MentoringImpact }) {
  const p = m.participation;
  return (
    <Level id="participation" level={1} title="Participation">
      <Group align="flex-start" gap="lg">
        <Figure label="People enrolled" value={p.enrolled.people} detail={`${p.enrolled.mentors} ${p.enrolled.mentors === 1 ? 'mentor or coach' : 'mentors or coaches'}, ${p.enrolled.mentees} ${p.enrolled.mentees === 1 ? 'mentee or coachee' : 'mentees or coachees'}`} method={p.enrolled.method} />
        <Figure label="Active pairs" value={p.active_matches.n} method={p.active_matches.method} />
        <Figure
          label="Check-ins per pair per month"
          value={p.check_ins_per_match_month.value?.toFixed(2)}
          n={p.check_ins_per_match_month.n}
          withheld={p.check_ins_per_match_month.withheld_reason}
          method={p.check_ins_per_match_month.method}
        />
        <Figure
          label="Pairs that kept the cadence"
          value={percent(p.cadence_adherence.value)}
          n={p.cadence_adherence.n}
          withheld={p.cadence_adherence.withheld_reason}
          method={p.cadence_adherence.method}
        />
        <Figure
          label="Mean caseload against target"
          value={p.caseload.mean_caseload != null ? `${p.caseload.mean_caseload.toFixed(1)} / ${p.caseload.mean_target?.toFixed(1)}` : '—'}
          n={p.caseload.n}
          detail={p.caseload.over_target != null ? `${p.caseload.over_target} over target` : undefined}
          withheld={p.caseload.withheld_reason}
          method={p.caseload.method}
        />
      </Group>
    </Level>
  );
}

function Satisfaction({ m }: { m: MentoringImpact }) {
  const items = m.satisfaction.items;
  return (
    <Level id="satisfaction" level={2} title="Satisfaction">
      {items.length === 0 ? (
        <Text>No survey answers in this period.</Text>
      ) : (
        <Stack gap="sm">
          {items.map((i) => (
            <Group key={i.item_id} align="flex-start" gap="lg" wrap="wrap">
              <Text style={{ flex: '2 1 260px' }}>
                {i.text}
                <Text span size="xs" c="dimmed" display="block">
                  {i.survey_name}
                </Text>
              </Text>
              <Figure label="Mean of 5" value={i.mean.value?.toFixed(2)} n={i.mean.n} withheld={i.mean.withheld_reason} method={i.mean.method} />
              <Figure
                label="Response rate"
                value={percent(i.response_rate.value)}
                n={i.response_rate.n}
                detail={`${i.response_rate.responders} answered`}
                withheld={i.response_rate.withheld_reason}
                method={i.response_rate.method}
              />
            </Group>
          ))}
        </Stack>
      )}
    </Level>
  );
}

export function ImpactDashboard() {
  const [query, set] = useImpactQuery();
  const impact = useQuery({ ...getMentoringImpactOptions({ query }), placeholderData: keepPreviousData });
  // The dashboard's time-to-interactive: its figures drawn.
  useInteractiveMark('impact', Boolean(impact.data));
  return (
    <>
      <Title order={1} mb="xs">
        Impact of mentoring and coaching
      </Title>
      <Text mb="md" maw={820}>
        Figures from Trellis's own records, level by level. Each carries its n; below 5 people a figure is
        withheld, so nobody reads a trend into two people.
      </Text>
      <ImpactFilters query={query} set={set} />
      {impact.isPending ? (
        <Loading label="Computing the figures" />
      ) : impact.isError ? (
        <ErrorState error={impact.error} onRetry={() => void impact.refetch()} />
      ) : (
        <div aria-busy={impact.isFetching}>
          <Text size="sm" mb="sm">
            Period {formatDate(impact.data.period.from)} to {formatDate(impact.data.period.to)}.
          </Text>
          <Pyramid impact={impact.data} />
          <Results m={impact.data} />
          <Level id="performance" level={4} title="Performance: supervisors' rubric, pre to post">
            <IntervalFigure
              caption="Mean change per rubric dimension (post − pre, 1–5 scale)"
              rowHeading="Dimension"
              valueHeading="Mean change"
              zeroLine
              format={(v) => signed(v)}
              entries={impact.data.performance.dimensions.map((d) => changeEntry(humanize(d.dimension), d.change))}
            />
            <Method text={impact.data.performance.dimensions[0]?.change.method} />
          </Level>
          <Level id="growth" level={3} title="Growth: self-assessment, pre to post">
            {impact.data.growth.surveys.length === 0 ? (
              <Text>No pre/post self-assessments in this period.</Text>
            ) : (
              <IntervalFigure
                caption="Mean change per self-assessment (post − pre, 1–5 scale)"
                rowHeading="Self-assessment"
                valueHeading="Mean change"
                zeroLine
                format={(v) => signed(v)}
                entries={impact.data.growth.surveys.map((g) => changeEntry(g.survey_name, g.change))}
              />
            )}
            <Method text={impact.data.growth.surveys[0]?.change.method} />
          </Level>
          <Satisfaction m={impact.data} />
          <Participation m={impact.data} />
        </div>
      )}
    </>
  );
}

function Method({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <details>
      <summary style={{ fontSize: 12, cursor: 'pointer', marginTop: 8 }}>How it is computed</summary>
      <Text size="xs" mt={2}>
        {text}
      </Text>
    </details>
  );
}

function Results({ m }: { m: MentoringImpact }) {
  const r = m.results.retention_12_months;
  const diff = r.difference;
  return (
    <Level id="results" level={5} title="Results: still in a role 12 months on">
      <Text size="sm" mb="sm">
        People whose 12-month mark fell between {formatDate(r.cohort_from)} and {formatDate(r.cohort_to)}.
      </Text>
      <IntervalFigure
        caption="Retention at 12 months, mentees against comparable staff who were not mentored"
        rowHeading="Group"
        valueHeading="Retained"
        step={0.1}
        format={(v) => percent(v)}
        entries={[
          { label: 'Mentees', n: r.mentees.n, value: r.mentees.value, low: r.mentees.ci_low, high: r.mentees.ci_high, withheld: r.mentees.withheld_reason, extra: r.mentees.count != null ? `(${r.mentees.count} of ${r.mentees.n})` : undefined },
          { label: 'Comparison', n: r.comparison.n, value: r.comparison.value, low: r.comparison.ci_low, high: r.comparison.ci_high, withheld: r.comparison.withheld_reason, extra: r.comparison.count != null ? `(${r.comparison.count} of ${r.comparison.n})` : undefined },
        ]}
      />
      {diff.withheld_reason ? (
        <Alert color="gray" mt="sm" title="Difference withheld">
          {diff.withheld_reason} (n = {diff.n} mentees, {diff.comparison_n} comparison).
        </Alert>
      ) : (
        <Text mt="sm" fw={600}>
          Difference: {diff.value != null ? `${signed(diff.value * 100, 1)} percentage points` : '—'}
          {diff.ci_low != null && diff.ci_high != null ? `, 95% interval ${signed(diff.ci_low * 100, 1)} to ${signed(diff.ci_high * 100, 1)}` : ''}
          {diff.ci_low != null && diff.ci_high != null && diff.ci_low <= 0 && diff.ci_high >= 0 ? ' (the interval includes no difference)' : ''}.
        </Text>
      )}
      <Method text={`${r.method}. ${diff.method}`} />
    </Level>
  );
}
