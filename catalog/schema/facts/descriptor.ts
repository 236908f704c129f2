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
	})
	.meta({ description: 'Facts declared in the descriptor (collector `descriptor`).' });
export type DescriptorFacts = z.infer<typeof DescriptorFacts>;
