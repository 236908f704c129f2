// The parts of a page that change while its data does not: the build's timestamp in every footer,
// and a service's score trend, which gains a point with every daily snapshot. Both are written as
// plain strings by these functions, which the pages use (so a full build writes exactly this) and
// the incremental build uses to refresh a page it reuses (src/cli/page-cache.ts). A page's cache
// key leaves them out; the cached copy holds a placeholder where each goes.
import { escapeHtml } from '../format/html.ts';
import { signed, trendChart, type TrendDelta } from '../format/trend.ts';
import type { Report, ReportService } from '../report/schema.ts';

/** The footer's `<time>` of the build. */
export function generatedAtHtml(generatedAt: string): string {
	const value = escapeHtml(generatedAt);
	return `<time datetime="${value}">${value}</time>`;
}

export interface TrendChartProps {
	id: string;
	label: string;
	dates: string[];
	series: { label: string; values: (number | null)[]; dashed?: boolean }[];
	/** Dates at which the rubric changed. */
	rubricChanges?: string[];
	/** The y-axis range (fitted to the data by trendChart); 0 to the data's own top when absent. */
	min?: number;
	max?: number;
	/** Changes said in the caption. */
	delta?: TrendDelta;
	unit?: string;
}

/**
 * A line chart's markup: a canvas carrying its data (TrendChart's script draws it), a caption that
 * says the latest value and the changes in words, and the dates the rubric changed.
 */
export function trendChartHtml({ id, label, dates, series, rubricChanges = [], min, max, delta, unit = '' }: TrendChartProps): string {
	if (dates.length < 2) return `<p class="muted trend-empty">Not enough history for a trend yet (${dates.length} snapshot). Each scheduled build adds one.</p>`;
	const last = (values: (number | null)[]) => values.findLast((value) => value !== null);
	const summary = series.map((line) => `${line.label}: ${line.values.some((value) => value !== null) ? `${last(line.values)}${unit} on ${dates.at(-1)}` : 'no data'}`).join('; ');
	const data = JSON.stringify({ dates, series, rubricChanges, min: min ?? null, max: max ?? null });
	const since = delta?.sincePrevious;
	const first = delta?.sinceFirst;
	const deltaText = since == null ? '' : ` ${signed(since.change)}${unit} since ${since.date}${first != null && first.date !== since.date ? `, ${signed(first.change)}${unit} since ${first.date}` : ''}.`;
	const rubricText = rubricChanges.length === 0 ? '' : ` Rubric changed on ${rubricChanges.join(', ')} (dashed line): scores before and after are measured against different checks.`;
	return (
		`<figure class="trend-chart"><div class="trend-canvas"><canvas id="${escapeHtml(id)}" data-trend="${escapeHtml(data)}" role="img" aria-label="${escapeHtml(`${label}. ${summary}.`)}"></canvas></div>` +
		`<figcaption class="muted">${escapeHtml(label)}.` +
		(deltaText === '' ? '' : ` <span class="trend-delta">${escapeHtml(deltaText)}</span>`) +
		(rubricText === '' ? '' : ` <span class="rubric-changes">${escapeHtml(rubricText)}</span>`) +
		'</figcaption></figure>'
	);
}

/** The service page's score trend (its `serviceTrend` slot). */
export function serviceTrendProps(report: Report, service: Pick<ReportService, 'id' | 'name'>): TrendChartProps {
	return { id: 'service-trend', label: `Score of ${service.name}`, ...trendChart(report.readiness.trends.services[service.id] ?? [], 'Score') };
}

/**
 * Where a slot's content sits in a rendered page: comments that nothing else in a page writes (user
 * text is escaped, so a description cannot forge one). A cached page holds PLACEHOLDER instead.
 */
export const SLOTS = {
	generatedAt: { start: '<!--shipshape:generated-at-->', end: '<!--/shipshape:generated-at-->' },
	serviceTrend: { start: '<!--shipshape:service-trend-->', end: '<!--/shipshape:service-trend-->' },
} as const;

export type SlotName = keyof typeof SLOTS;

/** A slot's content between its markers, as pages write it (with `set:html`). */
export function inSlot(name: SlotName, html: string): string {
	return `${SLOTS[name].start}${html}${SLOTS[name].end}`;
}
