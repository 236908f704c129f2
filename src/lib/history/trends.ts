// Pure: trend series for the charts, from history points plus the current snapshot. A change of
// rubric is marked on every series, so a drop caused by a new check is not read as a regression.
import type { Snapshot } from '../../../catalog/schema/snapshot.ts';

export interface TrendPoint {
	date: string;
	score: number | null;
	/** The rubric changed since the previous point. */
	rubricChanged: boolean;
}

export interface Trends {
	organisation: TrendPoint[];
	teams: Record<string, TrendPoint[]>;
	systems: Record<string, TrendPoint[]>;
	domains: Record<string, TrendPoint[]>;
	services: Record<string, TrendPoint[]>;
}

export function buildTrends(snapshots: readonly Snapshot[]): Trends {
	const ordered = [...snapshots].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
	const marks = ordered.map((snapshot, index) => index > 0 && snapshot.rubricVersion !== ordered[index - 1]!.rubricVersion);
	const teams = new Set(ordered.flatMap((snapshot) => Object.keys(snapshot.teams)));
	const services = new Set(ordered.flatMap((snapshot) => Object.keys(snapshot.services)));
	const series = (read: (snapshot: Snapshot) => number | undefined) => ordered.map((snapshot, index) => ({ date: snapshot.date, score: read(snapshot) ?? null, rubricChanged: marks[index]! }));
	return {
		organisation: series((snapshot) => snapshot.organisation.score),
		teams: Object.fromEntries([...teams].sort().map((team) => [team, series((snapshot) => snapshot.teams[team]?.score)])),
		systems: groupSeries(ordered, (snapshot) => snapshot.systems, series),
		domains: groupSeries(ordered, (snapshot) => snapshot.domains, series),
		services: Object.fromEntries([...services].sort().map((service) => [service, series((snapshot) => snapshot.services[service]?.score)])),
	};
}

/** A series per system (or domain) that any snapshot has. */
function groupSeries(ordered: readonly Snapshot[], groupsOf: (snapshot: Snapshot) => Snapshot['systems'], series: (read: (snapshot: Snapshot) => number | undefined) => TrendPoint[]): Record<string, TrendPoint[]> {
	const ids = new Set(ordered.flatMap((snapshot) => Object.keys(groupsOf(snapshot) ?? {})));
	return Object.fromEntries([...ids].sort().map((id) => [id, series((snapshot) => groupsOf(snapshot)?.[id]?.score)]));
}

/** Teams by score gained since the previous snapshot, best first; ties by id. */
export function mostImproved(previous: Snapshot | null, current: Snapshot): { team: string; change: number }[] {
	if (previous === null) return [];
	return Object.entries(current.teams)
		.filter(([team]) => previous.teams[team] !== undefined)
		.map(([team, rollUp]) => ({ team, change: Math.round((rollUp.score - previous.teams[team]!.score) * 10) / 10 }))
		.sort((a, b) => b.change - a.change || (a.team < b.team ? -1 : 1));
}
