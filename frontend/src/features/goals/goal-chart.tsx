// Loaded on demand (React.lazy): recharts stays out of the first page's JavaScript.
import { CartesianGrid, ComposedChart, Line, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import type { MeasurementRead } from '../../api/gen/types.gen';
import { formatDate } from '../../lib/format';
import { type Trajectory, dayNumber, isoFromDayNumber } from './trajectory';

const READINGS = '#1864ab';
const LINE = '#5c5f66';
const TARGET = '#1e6b30';

export default function GoalChart({
  readings,
  line,
  unit,
}: {
  readings: MeasurementRead[];
  line: Trajectory | null;
  unit: string | null | undefined;
}) {
  const points = readings.map((r) => ({ day: dayNumber(r.measured_on), value: r.value }));
  const straight = line
    ? [
        { day: dayNumber(line.baselineDate), expected: line.baselineValue },
        { day: dayNumber(line.targetDate), expected: line.targetValue },
      ]
    : [];
  const days = [...points.map((p) => p.day), ...straight.map((p) => p.day)];
  const [first, last] = [Math.min(...days), Math.max(...days)];
  const pad = Math.max(7, Math.round((last - first) * 0.03));
  const tick = (day: number) => formatDate(isoFromDayNumber(day));
  const suffix = unit === '%' ? '%' : unit ? ` ${unit}` : '';
  return (
    <ResponsiveContainer width="100%" height={280}>
      <ComposedChart margin={{ top: 12, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="#dee2e6" strokeDasharray="3 3" />
        <XAxis
          dataKey="day"
          type="number"
          domain={[first - pad, last + pad]}
          tickFormatter={tick}
          tick={{ fill: '#343a40', fontSize: 12 }}
          allowDuplicatedCategory={false}
        />
        <YAxis tick={{ fill: '#343a40', fontSize: 12 }} width={56} domain={['auto', 'auto']} unit={unit === '%' ? '%' : undefined} />
        <Tooltip labelFormatter={(d) => tick(Number(d))} formatter={(v) => `${Number(v).toLocaleString()}${suffix}`} />
        {line && (
          <Line
            data={straight}
            dataKey="expected"
            name="Straight line to target"
            stroke={LINE}
            strokeDasharray="6 4"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        )}
        <Line
          data={points}
          dataKey="value"
          name="Reading"
          stroke={READINGS}
          strokeWidth={2.5}
          dot={{ r: 4, fill: READINGS }}
          isAnimationActive={false}
        />
        {line && <ReferenceDot x={dayNumber(line.targetDate)} y={line.targetValue} r={6} fill={TARGET} stroke="white" />}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
