import type { SchoolSummary } from '../../../api/gen/types.gen';
import { formatDate, fullName, humanize, roleLabel } from '../../../lib/format';
import { andMore, cap, SUMMARY_CAPS } from './cap';

function Facts({ items }: { items: [string, string | null | undefined][] }) {
  const shown = items.filter((item): item is [string, string] => Boolean(item[1]));
  return (
    <dl className="summary-facts">
      {shown.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function verified(days: number | null): string {
  if (days == null) return 'never verified';
  if (days <= 0) return 'verified today';
  return `verified ${days} day${days === 1 ? '' : 's'} ago`;
}

/** The school's name and facts, and who to call there. */
export function SummarySchoolFacts({ summary }: { summary: SchoolSummary }) {
  const s = summary.school;
  // Word joiners keep "06–08" on one line.
  const grades = s.grade_low && s.grade_high ? `${s.grade_low}\u2060–\u2060${s.grade_high}` : null;
  const flags = [s.is_title_i && 'Title I', s.is_charter && 'Charter', s.is_magnet && 'Magnet'].filter(Boolean).join(', ');
  const address = [s.street, s.city, [s.state, s.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const contacts = cap(summary.key_contacts, SUMMARY_CAPS.contacts);
  return (
    <header className="summary-head">
      <h1>{s.name}</h1>
      <p className="summary-lede">
        Goals and partners for {summary.school_year} · as of {formatDate(summary.as_of)}
      </p>
      <Facts
        items={[
          ['District', s.district.name],
          ['Level', [humanize(s.level), grades && `grades ${grades}`].filter(Boolean).join(', ')],
          ['Enrollment', s.enrollment?.toLocaleString()],
          ['Locale', humanize(s.locale_type)],
          ['Programs', flags],
          ['NCES id', s.nces_id],
          ['Address', address],
          ['Phone', s.phone],
        ]}
      />
      <h2>Key contacts</h2>
      {contacts.shown.length === 0 ? (
        <p className="summary-muted">No key contacts recorded yet.</p>
      ) : (
        <ul className="summary-contacts" aria-label="Key contacts">
          {contacts.shown.map((c) => {
            const role = roleLabel(c);
            return (
              <li key={`${c.person_id}-${c.role}`}>
                <strong>{fullName(c)}</strong>, {role.title}
                {[c.email, c.phone].filter(Boolean).map((v) => (
                  <span key={v} className="nowrap">
                    {' · '}
                    {v}
                  </span>
                ))}
                <span className="summary-muted nowrap"> · {verified(c.days_since_verified)}</span>
              </li>
            );
          })}
          {contacts.more > 0 && <li className="summary-muted">{andMore(contacts.more, 'contact')}</li>}
        </ul>
      )}
    </header>
  );
}
