import type { SummaryGap, SummaryPartner } from '../../../api/gen/types.gen';
import { humanize } from '../../../lib/format';
import { andMore, cap, SUMMARY_CAPS } from './cap';

/** Active goals no active agreement serves: what the school asks partners for. */
export function SummaryGaps({ gaps }: { gaps: SummaryGap[] }) {
  const { shown, more } = cap(gaps, SUMMARY_CAPS.gaps);
  return (
    <section aria-labelledby="summary-gaps">
      <h2 id="summary-gaps">Where we need partners</h2>
      {shown.length === 0 ? (
        <p className="summary-muted">Every active goal has an active partner.</p>
      ) : (
        <ul className="summary-gap-list" aria-label="Goals without a partner">
          {shown.map((g) => (
            <li key={g.goal_id}>
              <strong>{g.title}</strong>
              {g.partner_ask ? `: ${g.partner_ask}` : ''}
              {g.asked_services.length > 0 && (
                <span className="summary-muted"> ({g.asked_services.map(humanize).join(', ')})</span>
              )}
            </li>
          ))}
          {more > 0 && <li className="summary-muted">{andMore(more, 'goal')}</li>}
        </ul>
      )}
    </section>
  );
}

export function SummaryPartners({ partners }: { partners: SummaryPartner[] }) {
  const { shown, more } = cap(partners, SUMMARY_CAPS.partners);
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="summary-partners">
      <h2 id="summary-partners">Our partners</h2>
      <ul className="summary-partner-list" aria-label="Partners aligned to our goals">
        {shown.map((p) => (
          <li key={p.partner_id}>
            {p.name} <span className="summary-muted nowrap">({p.goals} goal{p.goals === 1 ? '' : 's'})</span>
          </li>
        ))}
        {more > 0 && <li className="summary-muted">{andMore(more, 'partner')}</li>}
      </ul>
    </section>
  );
}
