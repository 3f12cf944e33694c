/** Room the axis titles take: add it to a chart's bottom and left padding. */
export const AXIS_ROOM = 14;

/**
 * An x-axis title under the plot and a y-axis title turned along the left edge (what is measured
 * and in which unit), so no chart is read without knowing its axes.
 */
export function AxisTitles({ width, height, pad, x, y }: { width: number; height: number; pad: { top: number; right: number; bottom: number; left: number }; x: string; y: string }) {
  const midY = pad.top + (height - pad.top - pad.bottom) / 2;
  return (
    <g className="chart__axes" aria-hidden="true">
      <text x={pad.left + (width - pad.left - pad.right) / 2} y={height - 2} textAnchor="middle" className="chart__axis">
        {x}
      </text>
      <text x={0} y={0} transform={`translate(10 ${midY}) rotate(-90)`} textAnchor="middle" className="chart__axis">
        {y}
      </text>
    </g>
  );
}
