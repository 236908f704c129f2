// Pure: trend points → what TrendChart takes: the series, the rubric-change markers, a y-axis
// fitted to the data (a near-flat line on a 0–100 axis hides every change), and the change since
// the previous point and the first one, which the caption says in words.
import type { ReportReadiness } from '../report/schema.ts';

type Point = ReportReadiness['trends']['organisation'][number];

export interface TrendDelta {
	/** Change since the previous point with a value, and its date. */
	sincePrevious: { change: number; date: string } | null;
	/** Change since the first point with a value, and its date. */
	sinceFirst: { change: number; date: string } | null;
}

export interface TrendChartData {
	dates: string[];
	series: { label: string; values: (number | null)[] }[];
	rubricChanges: string[];
	/** The y-axis range: the data's, padded, within 0..100. */
	min: number;
	max: number;
	delta: TrendDelta;
}

export function trendChart(points: readonly Point[], label: string): TrendChartData {
	const valued = points.filter((point): point is Point & { score: number } => point.score !== null);
	const values = valued.map((point) => point.score);
	const low = values.length === 0 ? 0 : Math.min(...values);
	const high = values.length === 0 ? 100 : Math.max(...values);
	// At least ten points of range, so that a flat line sits in the middle instead of on an edge.
	const padding = Math.max(2, (10 - (high - low)) / 2, (high - low) * 0.1);
	const change = (from: Point & { score: number }) => ({ change: round(valued.at(-1)!.score - from.score), date: from.date });
	return {
		dates: points.map((point) => point.date),
		series: [{ label, values: points.map((point) => point.score) }],
		rubricChanges: points.filter((point) => point.rubricChanged).map((point) => point.date),
		min: Math.max(0, Math.floor(low - padding)),
		max: Math.min(100, Math.ceil(high + padding)),
		delta: { sincePrevious: valued.length < 2 ? null : change(valued.at(-2)!), sinceFirst: valued.length < 2 ? null : change(valued[0]!) },
	};
}

/** "+2.3", "−1.0", "±0": a change as people read it. */
export function signed(change: number): string {
	if (change === 0) return '±0';
	return `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)}`;
}

function round(value: number): number {
	return Math.round(value * 10) / 10;
}
