// Pure: what changed between two snapshots, and how to say it to people and to tools.
import type { Snapshot } from '../../../catalog/schema/snapshot.ts';

export interface LevelChange {
	service: string;
	from: string | null;
	to: string | null;
	direction: 'up' | 'down';
	/** Checks whose outcome changed, with before and after. */
	causes: { check: string; from: string | null; to: string | null }[];
}

export interface SnapshotDiff {
	from: { label: string; date: string | null; rubricVersion: string | null };
	to: { label: string; date: string; rubricVersion: string };
	levelChanges: LevelChange[];
	addedServices: { service: string; level: string | null }[];
	removedServices: { service: string; level: string | null }[];
	ownerChanges: { service: string; from: string | null; to: string | null }[];
	addedChecks: string[];
	removedChecks: string[];
	/** Teams whose mean score moved, with their services that changed level. */
	teamChanges: { team: string; fromScore: number | null; toScore: number | null; services: string[] }[];
	rubricChanged: boolean;
}

export function diffSnapshots(from: Snapshot | null, to: Snapshot, levels: readonly string[], labels: { from: string; to: string }): SnapshotDiff {
	const rank = (level: string | null) => (level === null ? -1 : levels.indexOf(level));
	const before = from?.services ?? {};
	const levelChanges: LevelChange[] = [];
	const ownerChanges: SnapshotDiff['ownerChanges'] = [];
	for (const [service, now] of Object.entries(to.services)) {
		const then = before[service];
		if (then === undefined) continue;
		if (then.level !== now.level) {
			const causes = [...new Set([...Object.keys(then.checks), ...Object.keys(now.checks)])]
				.filter((check) => then.checks[check] !== now.checks[check])
				.sort()
				.map((check) => ({ check, from: then.checks[check] ?? null, to: now.checks[check] ?? null }));
			levelChanges.push({ service, from: then.level, to: now.level, direction: rank(now.level) > rank(then.level) ? 'up' : 'down', causes });
		}
		if (then.owner !== now.owner) ownerChanges.push({ service, from: then.owner, to: now.owner });
	}
	const checksOf = (snapshot: Snapshot | null) => new Set(Object.values(snapshot?.services ?? {}).flatMap((service) => Object.keys(service.checks)));
	const [checksBefore, checksAfter] = [checksOf(from), checksOf(to)];
	const teams = [...new Set([...Object.keys(from?.teams ?? {}), ...Object.keys(to.teams)])].sort();
	return {
		from: { label: labels.from, date: from?.date ?? null, rubricVersion: from?.rubricVersion ?? null },
		to: { label: labels.to, date: to.date, rubricVersion: to.rubricVersion },
		levelChanges: levelChanges.sort((a, b) => (a.service < b.service ? -1 : 1)),
		addedServices: Object.keys(to.services).filter((service) => !(service in before)).sort().map((service) => ({ service, level: to.services[service]!.level })),
		removedServices: Object.keys(before).filter((service) => !(service in to.services)).sort().map((service) => ({ service, level: before[service]!.level })),
		ownerChanges: ownerChanges.sort((a, b) => (a.service < b.service ? -1 : 1)),
		addedChecks: [...checksAfter].filter((check) => !checksBefore.has(check)).sort(),
		removedChecks: from === null ? [] : [...checksBefore].filter((check) => !checksAfter.has(check)).sort(),
		teamChanges: teams
			.map((team) => ({
				team,
				fromScore: from?.teams[team]?.score ?? null,
				toScore: to.teams[team]?.score ?? null,
				services: levelChanges.filter((change) => (to.services[change.service]?.team ?? before[change.service]?.team) === team).map((change) => change.service).sort(),
			}))
			.filter((change) => change.fromScore !== change.toScore || change.services.length > 0),
		rubricChanged: from !== null && from.rubricVersion !== to.rubricVersion,
	};
}

/** A level as the diffs write it: its id, or "none" below the first. */
export const levelName = (level: string | null) => (level === null ? 'none' : level);

export function formatDiffText(diff: SnapshotDiff): string {
	const lines = [`Readiness changes from ${diff.from.label} to ${diff.to.label}${diff.rubricChanged ? ' (the rubric changed in between)' : ''}:`];
	if (isEmpty(diff)) return `${lines[0]}\n  no change.\n`;
	for (const change of diff.levelChanges) {
		lines.push(`  ${change.direction === 'up' ? '↑' : '↓'} ${change.service}: ${levelName(change.from)} → ${levelName(change.to)}`);
		for (const cause of change.causes) lines.push(`      ${cause.check}: ${cause.from ?? 'absent'} → ${cause.to ?? 'absent'}`);
	}
	for (const service of diff.addedServices) lines.push(`  + ${service.service} (new, ${levelName(service.level)})`);
	for (const service of diff.removedServices) lines.push(`  - ${service.service} (removed, was ${levelName(service.level)})`);
	for (const change of diff.ownerChanges) lines.push(`  owner of ${change.service}: ${change.from ?? 'none'} → ${change.to ?? 'none'}`);
	for (const change of diff.teamChanges) lines.push(`  team ${change.team}: score ${change.fromScore ?? 'none'} → ${change.toScore ?? 'none'}${change.services.length > 0 ? ` (level changes: ${change.services.join(', ')})` : ''}`);
	for (const check of diff.addedChecks) lines.push(`  + check ${check}`);
	for (const check of diff.removedChecks) lines.push(`  - check ${check}`);
	return `${lines.join('\n')}\n`;
}

export function formatDiffMarkdown(diff: SnapshotDiff): string {
	const out = [`### Production readiness: ${diff.from.label} → ${diff.to.label}`, ''];
	if (diff.rubricChanged) out.push(`> The rubric changed (\`${diff.from.rubricVersion}\` → \`${diff.to.rubricVersion}\`): some changes below come from the checks, not the services.`, '');
	if (isEmpty(diff)) return `${[...out, 'No readiness change.'].join('\n')}\n`;
	if (diff.levelChanges.length > 0) {
		out.push('| Service | Level | Because |', '|---|---|---|');
		for (const change of diff.levelChanges) {
			const because = change.causes.map((cause) => `\`${cause.check}\` ${cause.from ?? 'absent'} → ${cause.to ?? 'absent'}`).join('<br>');
			out.push(`| ${escapeCell(change.service)} | ${change.direction === 'up' ? '⬆️' : '⬇️'} ${levelName(change.from)} → **${levelName(change.to)}** | ${because || '—'} |`);
		}
		out.push('');
	}
	const list = (title: string, items: string[]) => (items.length > 0 ? [`**${title}:** ${items.join(', ')}`, ''] : []);
	out.push(...list('New services', diff.addedServices.map((item) => `${escapeCell(item.service)} (${levelName(item.level)})`)));
	out.push(...list('Removed services', diff.removedServices.map((item) => escapeCell(item.service))));
	out.push(...list('Owner changes', diff.ownerChanges.map((item) => `${escapeCell(item.service)}: ${item.from ?? 'none'} → ${item.to ?? 'none'}`)));
	if (diff.teamChanges.length > 0) {
		out.push('| Team | Score | Services changing level |', '|---|---|---|');
		for (const change of diff.teamChanges) out.push(`| ${escapeCell(change.team)} | ${change.fromScore ?? '—'} → ${change.toScore ?? '—'} | ${change.services.map(escapeCell).join(', ') || '—'} |`);
		out.push('');
	}
	out.push(...list('Checks added', diff.addedChecks.map((check) => `\`${check}\``)));
	out.push(...list('Checks removed', diff.removedChecks.map((check) => `\`${check}\``)));
	return `${out.join('\n').trimEnd()}\n`;
}

function isEmpty(diff: SnapshotDiff): boolean {
	return diff.levelChanges.length + diff.addedServices.length + diff.removedServices.length + diff.ownerChanges.length + diff.addedChecks.length + diff.removedChecks.length + diff.teamChanges.length === 0;
}

/** Text safe in a Markdown comment or table cell: no HTML, no cell breaks. */
export function escapeCell(text: string): string {
	return text.replace(/[|<>]/g, (character) => `&#${character.charCodeAt(0)};`);
}
