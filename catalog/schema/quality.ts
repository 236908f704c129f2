// `catalog/quality.json`: what is missing or wrong in the catalog itself, rule by rule, for teams
// to fix in pull requests (descriptors, CODEOWNERS, configuration).
import { z } from 'zod';

export const QUALITY_SEVERITIES = ['off', 'warning', 'error'] as const;

export const QualityFinding = z.strictObject({
	rule: z.string().meta({ description: 'Id of the rule.' }),
	severity: z.enum(['warning', 'error']).meta({ description: 'As configured (`quality.rules`), else the rule\'s default.' }),
	subject: z.strictObject({ kind: z.enum(['service', 'team', 'system', 'domain']), id: z.string() }).meta({ description: 'What the finding is about.' }),
	/** The team that should fix it (the service\'s owner), or null. */
	team: z.string().nullable().meta({ description: 'The team that should fix it (the service\'s owning team), or null.' }),
	message: z.string().meta({ description: 'What is wrong, in words.' }),
	file: z.string().nullable().meta({ description: 'The file to change (the descriptor, CODEOWNERS, the configuration), when known.' }),
	line: z.number().int().positive().nullable().meta({ description: 'Its line, when known.' }),
});
export type QualityFinding = z.infer<typeof QualityFinding>;

export const QualityReport = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		rules: z
			.array(z.strictObject({ id: z.string(), description: z.string(), fix: z.string(), severity: z.enum(QUALITY_SEVERITIES) }))
			.meta({ description: 'Every rule with its severity in this run.' }),
		findings: z.array(QualityFinding).meta({ description: 'Findings, sorted by rule, then subject.' }),
	})
	.meta({ title: 'Shipshape catalog data quality', description: 'What the catalog itself lacks or gets wrong.' });
export type QualityReport = z.infer<typeof QualityReport>;
