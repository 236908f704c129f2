// The level rule (Backstage maturity semantics): a service holds the highest level L such that no
// applicable check at L or below is blocking.
import type { Level } from '../../../rubrics/schema.ts';
import type { Finding, Outcome } from './model.ts';

export interface LevelResult {
	/** `null` = below the first level ("none"). */
	achieved: Level | null;
	/** `null` = already at the top level. */
	next: Level | null;
	/** Findings that stand between `achieved` and `next`. */
	blocking: Finding[];
}

/**
 * Whether `unknown` findings block a level (`scoring.unknown` in the config). `blocks`, the default:
 * absence of evidence is not compliance. `ignored`: an organisation that measures some sources
 * elsewhere counts only what Shipshape could judge.
 */
export const UNKNOWN_POLICIES = ['blocks', 'ignored'] as const;
export type UnknownPolicy = (typeof UNKNOWN_POLICIES)[number];

/** `error` always blocks and `not-applicable` never does; `unknown` blocks unless the policy ignores it. */
export function isBlocking(outcome: Outcome, unknownPolicy: UnknownPolicy = 'blocks'): boolean {
	return outcome === 'fail' || outcome === 'error' || (outcome === 'unknown' && unknownPolicy === 'blocks');
}

/** @param levels the rubric's level ids, lowest first. */
export function computeLevel(findings: readonly Finding[], levels: readonly Level[], unknownPolicy: UnknownPolicy = 'blocks'): LevelResult {
	let achieved: Level | null = null;
	for (const level of levels) {
		const blocking = findings.filter((finding) => finding.level === level && !finding.upcoming && isBlocking(finding.outcome, unknownPolicy));
		if (blocking.length > 0) {
			return { achieved, next: level, blocking };
		}
		achieved = level;
	}
	return { achieved, next: null, blocking: [] };
}

/** Share of applicable, enforced findings that pass, 0..100, rounded; 100 when nothing applies. */
export function computeScore(findings: readonly Finding[]): number {
	let applicable = 0;
	let passing = 0;
	for (const finding of findings) {
		// Announced checks do not count yet; a waived failure counts as neither pass nor fail.
		if (finding.outcome === 'not-applicable' || finding.outcome === 'waived' || finding.upcoming) continue;
		applicable += 1;
		if (finding.outcome === 'pass') passing += 1;
	}
	return applicable === 0 ? 100 : Math.round((passing / applicable) * 100);
}
