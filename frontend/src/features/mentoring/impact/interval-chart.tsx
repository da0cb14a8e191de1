// Loaded on demand (React.lazy): recharts stays out of the first page's JavaScript.
import { useMediaQuery } from '@mantine/hooks';
import { CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis } from 'recharts';

import { type IntervalRow, axisTicks } from './intervals';

const POINT = '#1864ab';

/** Each row's estimate as a dot with its 95 % interval as a whisker; optional line at zero. */
export default function IntervalChart({
  rows,
  domain,
  step,
  format,
  zeroLine,
}: {
  rows: IntervalRow[];
  domain: [number, number];
  step: number;
  format: (v: number) => string;
  zeroLine?: boolean;
}) {
  const narrow = useMediaQuery('(max-width: 47.99em)');
  const data = rows.map((r) => ({ label: r.label, value: r.value, err: [r.value - r.low, r.high - r.value] }));
  const width = Math.min(narrow ? 104 : 200, Math.max(...rows.map((r) => r.label.length)) * 7 + 12);
  return (
    <ResponsiveContainer width="100%" height={rows.length * 48 + 48}>
      <ScatterChart margin={{ top: 8, right: 20, bottom: 8, left: 4 }}>
        <CartesianGrid stroke="#dee2e6" strokeDasharray="3 3" horizontal={false} />
        <XAxis
          type="number"
          dataKey="value"
          domain={domain}
          ticks={axisTicks(domain, step, narrow ? 4 : 8)}
          tickFormatter={format}
          tick={{ fill: '#343a40', fontSize: 12 }}
        />
        <YAxis type="category" dataKey="label" width={width} reversed tick={{ fill: '#343a40', fontSize: 12 }} interval={0} allowDuplicatedCategory={false} />
        {zeroLine && <ReferenceLine x={0} stroke="#495057" strokeWidth={1.5} />}
        <Scatter data={data} fill={POINT} isAnimationActive={false}>
          <ErrorBar dataKey="err" direction="x" width={8} strokeWidth={2} stroke={POINT} />
        </Scatter>
      </ScatterChart>
    </ResponsiveContainer>
  );
}
