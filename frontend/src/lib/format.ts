/** `in_person` -> `In person`. */
export function humanize(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function options<T extends string>(values: readonly T[]): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: humanize(value) }));
}

const DAY = 86_400_000;

/** Whole days from `iso` to now (a date or a timestamp). */
export function daysSince(iso: string, now: Date = new Date()): number {
  return Math.floor((now.getTime() - new Date(iso).getTime()) / DAY);
}

export function daysUntil(isoDate: string, now: Date = new Date()): number {
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  const [y, m, d] = isoDate.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - today) / DAY);
}

export function verifiedLabel(verifiedAt: string | null | undefined, now?: Date): string {
  if (!verifiedAt) return 'never verified';
  const days = daysSince(verifiedAt, now);
  if (days <= 0) return 'verified today';
  if (days === 1) return 'verified 1 day ago';
  return `verified ${days} days ago`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** Today as YYYY-MM-DD in the user's time zone. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function fullName(p: { given_name: string; family_name: string }): string {
  return `${p.given_name} ${p.family_name}`;
}

/** "Reading Specialist · Teacher", or just "Teacher" when the title only repeats the role. */
export function roleLabel(r: { role: string; title?: string | null }): { title: string; role: string | null } {
  const role = humanize(r.role);
  if (!r.title || r.title.trim().toLowerCase() === role.toLowerCase()) return { title: role, role: null };
  return { title: r.title, role };
}

/** "1 person", "3 people": a number with the word that agrees with it. */
export function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
