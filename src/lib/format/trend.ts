// Pure: trend points → what TrendChart takes.
import type { ReportReadiness } from '../report/schema.ts';

type Point = ReportReadiness['trends']['organisation'][number];

export function trendChart(points: readonly Point[], label: string): { dates: string[]; series: { label: string; values: (number | null)[] }[]; rubricChanges: string[] } {
	return {
		dates: points.map((point) => point.date),
		series: [{ label, values: points.map((point) => point.score) }],
		rubricChanges: points.filter((point) => point.rubricChanged).map((point) => point.date),
	};
}
