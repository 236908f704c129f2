// The closed operator vocabulary of `expect:`. Missing facts are `unknown`, never `fail`.
import semver from 'semver';
import type { Expectation } from '../../../rubrics/schema.ts';
import type { FactView } from './facts.ts';
import type { Verdict } from './model.ts';
import { notMeasuredMessage } from './unmeasured.ts';
import { renderMessage } from './messages.ts';

const DAY_MS = 86_400_000;

/**
 * `messages` are the check's own words (`{{value}}`, `{{expected}}`, `{{resource}}`); without them
 * the message names the fact path, as a user's check written without `messages:` does.
 */
export function applyExpectation(facts: FactView, path: string, expect: Expectation, now: Date, messages?: { pass: string; fail: string }): Verdict {
	const value = facts.get(path);
	const evidence = facts.evidence(path);
	if (value === undefined) {
		const notMeasured = facts.notMeasured(path);
		if (notMeasured !== null) return { outcome: 'unknown', messageId: 'not-measured', message: notMeasuredMessage([notMeasured]), evidence };
		const reason = facts.reason(path);
		return { outcome: 'unknown', messageId: 'data-missing', message: `Data missing: ${facts.sourceName(path)} gave no value for this service${reason === null ? '' : ` (${reason})`}.`, evidence: [...evidence, { detail: `${path} was not collected` }] };
	}
	const outcome = test(value, expect, now);
	if (typeof outcome === 'string') {
		return { outcome: 'error', messageId: 'invalid-value', message: `\`${path}\`: ${outcome}`, evidence };
	}
	const resource = evidence.find((entry) => entry.resource !== undefined)?.resource ?? evidence.find((entry) => entry.file !== undefined)?.file ?? 'the service';
	const message =
		messages === undefined
			? `\`${path}\` is ${showValue(value)}; expected ${describeExpectation(expect)}.`
			: renderMessage(outcome ? messages.pass : messages.fail, { value: value === null ? 'none' : typeof value === 'string' ? value : showValue(value), expected: describeExpectation(expect), resource: `\`${resource}\`` });
	return { outcome: outcome ? 'pass' : 'fail', messageId: outcome ? 'met' : 'missed', message, evidence };
}

/** Plain words for an expectation, used in messages and on the check docs pages. */
export function describeExpectation(expect: Expectation): string {
	switch (expect.op) {
		case 'exists':
			return 'a value';
		case 'equals':
			return showValue(expect.value);
		case 'in':
			return `one of ${expect.values.map(showValue).join(', ')}`;
		case 'atLeast':
			return `at least ${expect.value}`;
		case 'atMost':
			return `at most ${expect.value}`;
		case 'matches':
			return `to match /${expect.pattern}/`;
		case 'withinDays':
			return `a date within the last ${expect.days} days`;
		case 'semverSatisfies':
			return `a version satisfying ${expect.range}`;
	}
}

/** `true`/`false`, or a string explaining why the value cannot be judged (a rubric or data bug). */
function test(value: unknown, expect: Expectation, now: Date): boolean | string {
	switch (expect.op) {
		case 'exists':
			return value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
		case 'equals':
			return value === expect.value;
		case 'in':
			return expect.values.some((allowed) => allowed === value);
		case 'atLeast':
		case 'atMost': {
			if (value === null) return false;
			const amount = Array.isArray(value) ? value.length : value;
			if (typeof amount !== 'number') return `${expect.op} needs a number or a list, got ${typeof value}.`;
			return expect.op === 'atLeast' ? amount >= expect.value : amount <= expect.value;
		}
		case 'matches':
			if (value === null) return false;
			if (typeof value !== 'string') return `matches needs a string, got ${typeof value}.`;
			return new RegExp(expect.pattern, 'u').test(value);
		case 'withinDays': {
			if (value === null) return false;
			const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
			if (Number.isNaN(time)) return `withinDays needs an ISO date, got ${showValue(value)}.`;
			return now.getTime() - time <= expect.days * DAY_MS;
		}
		case 'semverSatisfies': {
			if (value === null) return false;
			const version = typeof value === 'string' ? semver.coerce(value) : null;
			if (version === null) return `semverSatisfies needs a version, got ${showValue(value)}.`;
			return semver.satisfies(version, expect.range);
		}
	}
}

export function showValue(value: unknown): string {
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
	if (value !== null && typeof value === 'object') return 'an object';
	return String(value);
}
