// Table-driven tester for evaluators, after ESLint's RuleTester: validates the evaluator's meta, then
// runs every case through the real `evaluateService` and checks outcome and message.
import { describe, expect, it } from 'vitest';
import type { Service } from '../../catalog/schema/service.ts';
import { CheckDefinition } from '../../rubrics/schema.ts';
import { evaluateService, prepareChecks } from '../../src/lib/scoring/evaluate.ts';
import type { Evaluator, Outcome } from '../../src/lib/scoring/model.ts';
import { renderMessage } from '../../src/lib/scoring/messages.ts';

export interface EvaluatorCase {
	name: string;
	service: Service;
	options?: Record<string, unknown>;
	outcome: Outcome;
	/** Message id of the evaluator, checked against meta.messages; omit for `unknown` from missing facts. */
	messageId?: string;
	data?: Record<string, string | number>;
	/** Resources or files that must appear in the evidence. */
	evidence?: string[];
}

const NOW = new Date('2026-12-01T00:00:00Z');

export function testEvaluator(evaluator: Evaluator, cases: readonly EvaluatorCase[]): void {
	describe(evaluator.meta.name, () => {
		it('has valid meta', () => {
			expect(evaluator.meta.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
			expect(evaluator.meta.description).toMatch(/\.$/);
			expect(evaluator.meta.requires.length + (evaluator.meta.requiresAny?.length ?? 0)).toBeGreaterThan(0);
			expect(evaluator.meta.options.safeParse({}).success).toBe(true);
			for (const message of Object.values(evaluator.meta.messages)) expect(message.length).toBeGreaterThan(0);
		});

		it('has at least one pass and one fail case', () => {
			expect(cases.some((testCase) => testCase.outcome === 'pass')).toBe(true);
			expect(cases.some((testCase) => testCase.outcome === 'fail')).toBe(true);
		});

		it.each(cases)('$name → $outcome', (testCase) => {
			if (testCase.messageId !== undefined) expect(Object.keys(evaluator.meta.messages)).toContain(testCase.messageId);
			const check = CheckDefinition.parse({
				id: 'under-test',
				name: 'Under test',
				level: 'bronze',
				category: 'reliability',
				description: 'Under test.',
				remediation: 'Fix it.',
				evaluator: evaluator.meta.name,
				...(testCase.options === undefined ? {} : { options: testCase.options }),
			});

			const [finding] = evaluateService(testCase.service, prepareChecks([check], new Map([[evaluator.meta.name, evaluator]])), NOW);

			expect(finding?.outcome).toBe(testCase.outcome);
			if (testCase.messageId !== undefined) {
				const template = evaluator.meta.messages[testCase.messageId]!;
				// A message that names the items (`{{names}}`) names the case's evidence, when the case lists it.
				const names = testCase.data?.names ?? (testCase.evidence === undefined ? undefined : testCase.evidence.map((reference) => `\`${reference}\``).join(', '));
				if (template.includes('{{names}}') && names === undefined) {
					const [before, after] = renderMessage(template, testCase.data).split('{{names}}');
					expect(finding?.message.startsWith(before!) && finding.message.endsWith(after!), `${finding?.message} fits ${template}`).toBe(true);
					expect(finding?.message).toMatch(/`[^`]+`/);
				} else {
					expect(finding?.message).toBe(renderMessage(template, { ...testCase.data, ...(names === undefined ? {} : { names }) }));
				}
			}
			for (const reference of testCase.evidence ?? []) {
				expect(finding?.evidence.some((entry) => entry.resource === reference || entry.file === reference)).toBe(true);
			}
		});
	});
}
