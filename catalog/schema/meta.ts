// `catalog/meta.json`: the one place for collection time and collector versions, so that service
// records stay free of timestamps and diff cleanly.
import { z } from 'zod';

export const CatalogMeta = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		collectedAt: z.iso.datetime().meta({ description: 'When collection ran (ISO 8601, UTC).' }),
		collectors: z
			.array(
				z.strictObject({
					id: z.string().meta({ description: 'Collector id.' }),
					version: z.number().int().positive().meta({ description: 'Fact-shape version of the collector.' }),
					status: z.enum(['ok', 'skipped', 'failed']).meta({ description: 'How the run went.' }),
					reason: z.string().nullable().meta({ description: 'Why it was skipped or failed; null when ok.' }),
					source: z.string().meta({ description: 'What it reads, e.g. "Terraform state".' }),
					howToEnable: z.string().meta({ description: 'How to give it something to read (shown when it measured nothing).' }),
				}),
			)
			.meta({ description: 'Every registered collector, alphabetical.' }),
	})
	.meta({ title: 'Shipshape catalog metadata', description: 'Collection time and collector versions.' });
export type CatalogMeta = z.infer<typeof CatalogMeta>;
