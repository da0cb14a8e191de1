import type { GoalSummary } from '../../../api/gen/types.gen';
import { formatDate, humanize } from '../../../lib/format';
import { formatValue } from '../format-value';
import { GoalProgress, GoalStatusBadge, OnTrackBadge } from '../goal-badges';
import { areaLabel } from '../vocabulary';
import { andMore, cap, SUMMARY_CAPS, supporters } from './cap';

function Figures({ goal }: { goal: GoalSummary }) {
  const latest = goal.latest != null ? `${formatValue(goal.latest, goal.unit)} on ${formatDate(goal.last_measured_on)}` : 'no reading yet';
  const target =
    goal.target_value != null
      ? `${formatValue(goal.target_value, goal.unit)}${goal.target_date ? ` by ${formatDate(goal.target_date)}` : ''}`
      : 'not set';
  return (
    <dl className="summary-figures">
      <div>
        <dt>Baseline</dt>
        <dd>{formatValue(goal.baseline_value, goal.unit)}</dd>
      </div>
      <div>
        <dt>Latest</dt>
        <dd>{latest}</dd>
      </div>
      <div>
        <dt>Target</dt>
        <dd>{target}</dd>
      </div>
    </dl>
  );
}

function Supporters({ goal }: { goal: GoalSummary }) {
  const { shown, more } = supporters(goal);
  return (
    <div className="summary-supporters">
      <p className="summary-label">Supported by</p>
      {shown.length === 0 ? (
        <p className="summary-gap">No partner yet</p>
      ) : (
        <ul aria-label={`Agreements supporting ${goal.title}`}>
          {shown.map((a) => (
            <li key={a.agreement_id} className={a.active ? undefined : 'summary-muted'}>
              <strong>{a.partner_name}</strong>: {a.title}
              {a.strength === 'primary' ? ' (primary)' : ''}
              {a.active ? '' : ` [${humanize(a.status)}]`}
            </li>
          ))}
          {more > 0 && <li className="summary-muted">{andMore(more, 'agreement')}</li>}
        </ul>
      )}
      {shown.length > 0 && !goal.covered && goal.status === 'active' && <p className="summary-gap">No active agreement</p>}
    </div>
  );
}

function GoalRow({ goal }: { goal: GoalSummary }) {
  return (
    <li className="summary-goal">
      <div>
        <h3>
          {goal.priority != null ? `${goal.priority}. ` : ''}
          {goal.title}
        </h3>
        <p className="summary-muted">
          {areaLabel(goal.area)}
          {goal.metric ? ` · ${goal.metric}` : ''}
        </p>
        {goal.partner_ask && <p className="summary-ask">We ask: {goal.partner_ask}</p>}
        {goal.asked_services.length > 0 && (
          <p className="summary-ask">Services: {goal.asked_services.map(humanize).join(', ')}</p>
        )}
      </div>
      <div>
        <GoalProgress goal={goal} label={goal.title} />
        <div className="summary-badges">
          {/* Without a judgement the progress line already says why. */}
          {goal.on_track != null && <OnTrackBadge goal={goal} />}
          <GoalStatusBadge status={goal.status} />
        </div>
        <Figures goal={goal} />
      </div>
      <Supporters goal={goal} />
    </li>
  );
}

/** The year's goals by priority, each with its progress and the agreements behind it. */
export function SummaryGoals({ goals, schoolYear }: { goals: GoalSummary[]; schoolYear: string }) {
  const { shown, more } = cap(goals, SUMMARY_CAPS.goals);
  return (
    <section aria-labelledby="summary-goals">
      <h2 id="summary-goals">Goals</h2>
      {shown.length === 0 ? (
        <p className="summary-muted">No goals recorded for {schoolYear}.</p>
      ) : (
        <ol className="summary-goal-list" aria-label={`Goals for ${schoolYear}`}>
          {shown.map((g) => (
            <GoalRow key={g.id} goal={g} />
          ))}
        </ol>
      )}
      {more > 0 && <p className="summary-muted">{andMore(more, 'goal')} of lower priority, listed in Trellis.</p>}
    </section>
  );
}
