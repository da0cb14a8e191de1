// Loaded on demand (React.lazy): recharts stays out of the first page's JavaScript.
import { CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis } from 'recharts';

import type { IntervalRow } from './intervals';

const POINT = '#1864ab';

/** Each row's estimate as a dot with its 95 % interval as a whisker; optional line at zero. */
export default function IntervalChart({
  rows,
  domain,
  format,
  zeroLine,
}: {
  rows: IntervalRow[];
  domain: [number, number];
  format: (v: number) => string;
  zeroLine?: boolean;
}) {
  const data = rows.map((r) => ({ label: r.label, value: r.value, err: [r.value - r.low, r.high - r.value] }));
  const width = Math.min(220, Math.max(...rows.map((r) => r.label.length)) * 7 + 12);
  return (
    <ResponsiveContainer width="100%" height={rows.length * 44 + 48}>
      <ScatterChart margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid stroke="#dee2e6" strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" dataKey="value" domain={domain} tickFormatter={format} tick={{ fill: '#343a40', fontSize: 12 }} />
        <YAxis type="category" dataKey="label" width={width} tick={{ fill: '#343a40', fontSize: 12 }} interval={0} allowDuplicatedCategory={false} />
        {zeroLine && <ReferenceLine x={0} stroke="#495057" strokeWidth={1.5} />}
        <Scatter data={data} fill={POINT} isAnimationActive={false}>
          <ErrorBar dataKey="err" direction="x" width={8} strokeWidth={2} stroke={POINT} />
        </Scatter>
      </ScatterChart>
    </ResponsiveContainer>
  );
}
