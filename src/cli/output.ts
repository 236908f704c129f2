// Human-readable output of `score` and `check`.
import { isBlocking, type UnknownPolicy } from '../lib/scoring/levels.ts';
import type { GroupScore, ServiceScore, ScoreResult } from '../lib/scoring/score.ts';
import type { Finding } from '../lib/scoring/model.ts';

/**
 * A finding as `score` and `check` print it in JSON: the check id as `id` (the contract pipelines
 * read), then the rest, with which evaluator and message it was added last.
 */
export function findingJson({ checkId, level, category, outcome, message, evidence, upcoming, evaluator, messageId }: Finding) {
	return { id: checkId, level, category, outcome, message, evidence, ...(upcoming ? { upcoming } : {}), evaluator, messageId };
}

export function formatScoreTable(scores: ScoreResult): string {
	const rows = scores.services.map((service) => [service.id, service.level ?? 'none', String(service.score), service.nextLevel === null ? '-' : `${service.blocking.length} to ${service.nextLevel}`]);
	const header = ['SERVICE', 'LEVEL', 'SCORE', 'NEXT'];
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
	const format = (row: string[]) => `${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`;
	const counts = Object.entries(scores.organisation.levelCounts).map(([level, count]) => `${level} ${count}`).join(', ');
	return `${[header, ...rows].map(format).join('')}\n${scores.services.length} services (${counts}); mean score ${scores.organisation.score}. Rubric ${scores.rubricVersion}.\n`;
}

/** `check --system`: passes when every service of the system is at or above the level. */
export function formatSystemCheckResult(system: GroupScore, services: readonly ServiceScore[], minLevel: string, levels: readonly string[], format: 'text' | 'json', unknownPolicy: UnknownPolicy = 'blocks'): { passed: boolean; text: string } {
	const results = services.map((service) => ({ service, ...checkOutcome(service, minLevel, levels, unknownPolicy) }));
	const passed = results.length > 0 && results.every((result) => result.passed);
	if (format === 'json') {
		return { passed, text: `${JSON.stringify({ system: system.id, level: system.level, minLevel, passed, services: results.map(({ service, passed: ok, blocking }) => ({ service: service.id, level: service.level, passed: ok, blocking: blocking.map(findingJson) })) }, null, 2)}\n` };
	}
	if (results.length === 0) return { passed, text: `${system.id} has no services in the catalog, so it does not reach ${minLevel}.\n` };
	if (passed) return { passed, text: `${system.id} is ${system.level}: all ${results.length} of its services are at or above ${minLevel}.\n` };
	const below = results.filter((result) => !result.passed);
	const lines = below.flatMap(({ service, blocking }) => [`  ${service.id} is ${service.level ?? 'below every level'}:\n`, ...blocking.map((check) => `    - ${check.checkId} (${check.level}, ${check.outcome}): ${check.message}\n`)]);
	return { passed, text: `${system.id} is ${system.level ?? 'below every level'}, below ${minLevel}: ${below.length} of its ${results.length} services ${below.length === 1 ? "is" : "are"} below it.\n${lines.join('')}` };
}

function checkOutcome(service: ServiceScore, minLevel: string, levels: readonly string[], unknownPolicy: UnknownPolicy) {
	const held = service.level === null ? -1 : levels.indexOf(service.level);
	const blocking = service.checks.filter((check) => !check.upcoming && levels.indexOf(check.level) <= levels.indexOf(minLevel) && isBlocking(check.outcome, unknownPolicy));
	return { passed: held >= levels.indexOf(minLevel), blocking };
}

export function formatCheckResult(service: ServiceScore, minLevel: string, levels: readonly string[], format: 'text' | 'json', unknownPolicy: UnknownPolicy = 'blocks'): { passed: boolean; text: string } {
	// Everything that fails at or below the wanted level blocks it, not just the next level's checks.
	const { passed, blocking } = checkOutcome(service, minLevel, levels, unknownPolicy);
	if (format === 'json') {
		return { passed, text: `${JSON.stringify({ service: service.id, level: service.level, minLevel, passed, blocking: blocking.map(findingJson) }, null, 2)}\n` };
	}
	if (passed) return { passed, text: `${service.id} is ${service.level}, at or above ${minLevel}.\n` };
	const lines = blocking.map((check) => `  - ${check.checkId} (${check.level}, ${check.outcome}): ${check.message}\n`);
	return { passed, text: `${service.id} is ${service.level ?? 'below every level'}, below ${minLevel}. ${blocking.length} check(s) block it:\n${lines.join('')}` };
}
