// Pure: the review digest, from the report. What an operational review puts on its agenda: level
// moves and new failures since the previous build and since a week ago, waivers that expired,
// goals at risk and campaign progress; for the organisation or one team. The /digest/ pages, the
// Atom feeds and `shipshape digest` all say this one thing.
import type { Report, ReportReadiness } from '../report/schema.ts';

export interface DigestMove {
	service: string;
	name: string;
	from: string | null;
	to: string | null;
}

export interface DigestChanges {
	/** Date of the snapshot compared with, or null when there is none yet. */
	since: string | null;
	up: DigestMove[];
	down: DigestMove[];
	newFailures: { service: string; name: string; check: string; checkName: string }[];
	added: string[];
	removed: string[];
}

export interface Digest {
	title: string;
	/** Day of the build. */
	date: string;
	team: { id: string; name: string } | null;
	services: number;
	score: number;
	levelCounts: Record<string, number>;
	sincePrevious: DigestChanges;
	sinceWeek: DigestChanges;
	expiredWaivers: { service: string; check: string; checkName: string; expires: string; approver: string }[];
	goalsAtRisk: { id: string; title: string; share: number; target: number; due: string }[];
	campaigns: { id: string; title: string; passing: number; inScope: number; state: string; due: string }[];
}

/**
 * What the digest and the feeds ask of the report about each event: whether its service belongs to
 * the team (every service does for the organisation), and the service's and check's names.
 */
export function eventLookups(report: Report, team: string | null): { inScope(service: string): boolean; nameOf(service: string): string; checkName(check: string): string } {
	const services = new Map(report.services.map((service) => [service.id, service]));
	const checks = new Map(report.checks.map((check) => [check.id, check.name]));
	return {
		inScope: (service) => team === null || services.get(service)?.ownerTeam === team,
		nameOf: (service) => services.get(service)?.name ?? service,
		checkName: (check) => checks.get(check) ?? check,
	};
}

/** The digest of the organisation (`team` null) or of one team; undefined for a team the report does not know. */
export function buildDigest(report: Report, team: string | null): Digest | undefined {
	const teamRecord = team === null ? null : report.teams.find((candidate) => candidate.id === team);
	if (teamRecord === undefined) return undefined;
	const { inScope, nameOf, checkName } = eventLookups(report, team);
	const changes = (since: ReportReadiness['sincePrevious']): DigestChanges => {
		const moves = since.moves.filter((move) => inScope(move.service)).map(({ service, from, to, direction }) => ({ service, name: nameOf(service), from, to, direction }));
		return {
			since: since.date,
			up: moves.filter((move) => move.direction === 'up').map(({ direction: _direction, ...move }) => move),
			down: moves.filter((move) => move.direction === 'down').map(({ direction: _direction, ...move }) => move),
			newFailures: since.newFailures.filter((failure) => inScope(failure.service)).map(({ service, check }) => ({ service, name: nameOf(service), check, checkName: checkName(check) })),
			added: since.added.filter(inScope),
			removed: teamRecord === null ? since.removed : [],
		};
	};
	const { readiness } = report;
	return {
		title: report.title,
		date: report.generatedAt.slice(0, 10),
		team: teamRecord === null ? null : { id: teamRecord.id, name: teamRecord.name },
		services: teamRecord?.serviceCount ?? report.organisation.serviceCount,
		score: teamRecord?.score ?? report.organisation.score,
		levelCounts: teamRecord?.levelCounts ?? report.organisation.levelCounts,
		sincePrevious: changes(readiness.sincePrevious),
		sinceWeek: changes(readiness.sinceWeek),
		expiredWaivers: readiness.waivers.filter((waiver) => waiver.state === 'expired' && inScope(waiver.service)).map(({ service, check, expires, approver }) => ({ service, check, checkName: checkName(check), expires, approver })),
		// Goals and campaigns span teams: the organisation's digest lists them.
		goalsAtRisk: teamRecord !== null ? [] : readiness.goals.filter((goal) => !goal.met && !goal.onTrack).map(({ id, title, share, target, due }) => ({ id, title, share, target, due })),
		campaigns: teamRecord !== null ? [] : readiness.campaigns.filter((campaign) => campaign.state !== 'draft').map(({ id, title, passing, inScope: total, state, due }) => ({ id, title, passing, inScope: total, state, due })),
	};
}
