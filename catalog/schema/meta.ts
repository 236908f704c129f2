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
				}),
			)
			.meta({ description: 'Every registered collector, alphabetical.' }),
	})
	.meta({ title: 'Shipshape catalog metadata', description: 'Collection time and collector versions.' });
export type CatalogMeta = z.infer<typeof CatalogMeta>;
