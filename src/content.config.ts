// Hand-written long-form pages (policy, how to reach a level, FAQ). The folder is Shipshape's own
// by default; `site.guides` in shipshape.config.yaml points it at the user's.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const GUIDES_DIRECTORY = process.env.SHIPSHAPE_GUIDES_DIR ?? './src/content/guides';

const guides = defineCollection({
	loader: glob({ pattern: '**/*.{md,mdx}', base: GUIDES_DIRECTORY }),
	schema: z.strictObject({
		title: z.string().min(1).meta({ description: 'Page title.' }),
		description: z.string().min(1).meta({ description: 'One sentence for the page description and the guides index.' }),
		order: z.number().int().optional().meta({ description: 'Position in the guides index (lower first).' }),
	}),
});

export const collections = { guides };
