// Facts of the `descriptor` collector.
import { z } from 'zod';

/** Facts declared by the service's descriptor file. */
export const DescriptorFacts = z
	.strictObject({
		format: z
			.enum(['service.yaml', 'catalog-info.yaml', 'opslevel.yml', 'shipshape.config.yaml'])
			.nullable()
			.meta({ description: 'Where the service is declared (a descriptor, or `discovery.roots` in the config); null when only inferred.' }),
		runbookUrl: z.string().nullable().meta({ description: 'Runbook link declared in the descriptor, or null.' }),
		storesPii: z.boolean().nullable().meta({ description: 'Whether the service stores PII, as declared; null when undeclared.' }),
		alertSources: z
			.array(z.strictObject({ type: z.string().meta({ description: 'pagerduty, opsgenie, datadog, new_relic, …' }), id: z.string().meta({ description: 'The id in that tool (a PagerDuty service id, never an integration key).' }) }))
			.meta({ description: 'Where its alerts go: Backstage `pagerduty.com/service-id`, OpsLevel `alert_sources`.' }),
	})
	.meta({ description: 'Facts declared in the descriptor (collector `descriptor`).' });
export type DescriptorFacts = z.infer<typeof DescriptorFacts>;
