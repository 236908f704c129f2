// The rubric and the collectors as Markdown, generated from their definitions (`shipshape docs
// --format markdown`, and rubrics/README.md for the default rubric, which a test keeps current).
import type { Rubric } from '../../../rubrics/schema.ts';
import { describeLogic, describeScope } from '../report/build.ts';
import type { CollectorDoc } from '../report/schema.ts';
import type { Evaluator } from '../scoring/model.ts';

export function rubricMarkdown(rubric: Rubric, evaluators: ReadonlyMap<string, Evaluator>, title = 'The rubric'): string {
	const lines = [`# ${title}`, '', `Generated from the rubric (version \`${rubric.version}\`) by \`shipshape docs --format markdown\`; do not edit by hand.`, ''];
	for (const level of rubric.levels) {
		const checks = rubric.checks.filter((check) => check.level === level.id);
		lines.push(`## ${level.title}`, '', level.description, '', '| check | question | category | logic | remediation |', '|---|---|---|---|---|');
		for (const check of checks) {
			const scope = describeScope(check.appliesTo);
			const staged = check.enforcedFrom === undefined ? '' : ` Counts from ${check.enforcedFrom}.`;
			lines.push(`| \`${check.id}\` ${cell(check.name)} | ${cell(check.question ?? '')} | ${check.category} | ${cell(describeLogic(check, evaluators))}${scope === null ? '' : ` ${cell(scope)}`}${staged} | ${cell(check.remediation)} |`);
		}
		lines.push('');
	}
	return `${lines.join('\n').trimEnd()}\n`;
}

export function collectorsMarkdown(collectors: readonly CollectorDoc[]): string {
	const lines = ['# Collectors', '', 'Generated from the collectors\' definitions by `shipshape docs --format markdown`.', ''];
	for (const collector of collectors) {
		lines.push(`## \`${collector.id}\` (version ${collector.version})`, '', collector.description, '', `Reads ${collector.source}. ${collector.howToEnable}`, '');
		if (collector.env.length > 0) lines.push(`Environment: ${collector.env.map((name) => `\`${name}\``).join(', ')}.`, '');
		lines.push('| fact | type | meaning |', '|---|---|---|');
		for (const fact of collector.facts) lines.push(`| \`${collector.id}.${fact.name}\` | ${cell(fact.type)} | ${cell(fact.description)} |`);
		lines.push('');
	}
	return `${lines.join('\n').trimEnd()}\n`;
}

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
