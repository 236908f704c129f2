import { z } from 'zod';
import type { TerraformStateFacts } from '../../../../catalog/schema/facts.ts';
import type { FactView } from '../facts.ts';
import { defineEvaluator } from '../model.ts';
import { judgeAll } from './judge-all.ts';

const PLACEMENT_SOURCES = ['terraform-state.placements', 'aws-inventory.placements'] as const;

export function placementsOf(facts: FactView): TerraformStateFacts['placements'] {
	const seen = new Set<string>();
	return PLACEMENT_SOURCES.flatMap((path) => (facts.get(path) as TerraformStateFacts['placements'] | undefined) ?? []).filter((placement) => {
		if (seen.has(placement.address)) return false;
		seen.add(placement.address);
		return true;
	});
}

export const runsInProdVpc = defineEvaluator({
	meta: {
		name: 'runs-in-prod-vpc',
		description: 'Every compute and database resource of the service runs in a VPC tagged as production; the default VPC never counts.',
		requires: [],
		requiresAny: PLACEMENT_SOURCES,
		options: z.strictObject({
			tagKeys: z.array(z.string()).min(1).default(['env', 'environment', 'Environment']).meta({ description: 'VPC tag keys that name the environment.' }),
			productionValues: z.array(z.string()).min(1).default(['prod', 'production']).meta({ description: 'Values (case-insensitive) that mean production.' }),
		}),
		messages: {
			none: 'The service has no compute or database resource in the collected inventory.',
			failing: '{{failing}} of {{total}} resources run outside the production VPC: {{names}}.',
			undetermined: 'The VPC of {{undetermined}} of {{total}} resources could not be resolved from the inventory: {{names}}.',
			passing: 'All {{total}} resources run in a production VPC.',
		},
	},
	evaluate({ facts, options }) {
		const production = new Set(options.productionValues.map((value) => value.toLowerCase()));
		return judgeAll(
			placementsOf(facts).map((placement) => {
				const environment = options.tagKeys.map((key) => placement.vpcTags[key]).find((value) => value !== undefined);
				const ok = placement.vpcIsDefault === true ? false : placement.vpcId === null ? null : environment !== undefined && production.has(environment.toLowerCase());
				const detail = placement.vpcIsDefault === true ? 'in the default VPC' : placement.vpcId === null ? 'VPC unknown' : `in ${placement.vpcId}${environment === undefined ? ' (no environment tag)' : ` (${environment})`}`;
				return { ok, evidence: { resource: placement.address, file: placement.file, detail } };
			}),
		);
	},
});
