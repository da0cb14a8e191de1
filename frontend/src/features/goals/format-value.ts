/** A goal's figure with its unit: `72.5 %`, `18 days`, `3.2`. */
export function formatValue(value: number | null | undefined, unit?: string | null): string {
  if (value == null) return '—';
  const text = Number.isInteger(value) ? value.toLocaleString() : value.toLocaleString(undefined, { maximumFractionDigits: 2 });
  if (!unit) return text;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}
