// The guides: hand-written Markdown/MDX pages (policy, how to reach a level, FAQ). They are found
// with Vite's import.meta.glob rather than an Astro content collection: a collection makes Astro
// sync its content layer before every build (about 1.2 s for a 71-page site, 2.5 s at 5,000
// services), and the guides need nothing a collection adds. `shipshape build` copies the user's
// guides folder (`site.guides`) over Shipshape's own in the build's Astro root, and
// `load-guides.ts` imports them from there.
import { slug as githubSlug } from 'github-slugger';
import { z } from 'zod';
import { schemaIssues } from '../../../catalog/schema/issues.ts';

/** Where the guides sit in the site's sources (and in the build's Astro root). */
export const GUIDES_FOLDER = 'src/content/guides';

export const guideFrontmatterSchema = z.strictObject({
	title: z.string().min(1).meta({ description: 'Page title.' }),
	description: z.string().min(1).meta({ description: 'One sentence for the page description and the guides index.' }),
	order: z.number().int().optional().meta({ description: 'Position in the guides index (lower first).' }),
});

export type GuideFrontmatter = z.infer<typeof guideFrontmatterSchema>;

/** A compiled Markdown or MDX module, as Astro's Vite plugins export it. */
export interface GuideModule {
	frontmatter?: unknown;
	// The rendered body: an Astro component (its type lives in Astro's runtime, not its public API).
	Content: unknown;
}

export interface Guide {
	/** The URL segment(s): `guides/<id>/`. */
	id: string;
	/** The file, relative to the guides folder, for messages. */
	file: string;
	data: GuideFrontmatter;
	Content: GuideModule['Content'];
}

/**
 * The id Astro's glob loader gave each guide when they were a collection, so that URLs stay as they
 * were: every path segment slugged the GitHub way, the extension dropped, a trailing `index` too
 * (`Reaching Silver.md` → `reaching-silver`, `teams/index.mdx` → `teams`).
 */
export function guideId(file: string): string {
	return file
		.replace(/\.mdx?$/, '')
		.split('/')
		.map((segment) => githubSlug(segment))
		.join('/')
		.replace(/\/index$/, '');
}

/**
 * Every guide, validated, sorted for the index (by `order`, then by id). Bad frontmatter or two
 * files with one URL stop the build with a message naming the files: a guide is the user's input.
 */
export function guidesFrom(modules: Record<string, GuideModule>, folderPrefix: string): Guide[] {
	const byId = new Map<string, Guide>();
	for (const [modulePath, module] of Object.entries(modules).sort(([a], [b]) => (a < b ? -1 : 1))) {
		const file = modulePath.slice(modulePath.indexOf(folderPrefix) + folderPrefix.length);
		const parsed = guideFrontmatterSchema.safeParse(module.frontmatter ?? {});
		if (!parsed.success) {
			throw new Error(`${GUIDES_FOLDER}/${file}: its frontmatter is not valid (${schemaIssues(parsed.error, 'frontmatter')}); a guide needs a title and a description, and may have an integer order`);
		}
		const id = guideId(file);
		const taken = byId.get(id);
		if (taken !== undefined) throw new Error(`${GUIDES_FOLDER}/${file}: it has the same URL, guides/${id}/, as ${GUIDES_FOLDER}/${taken.file}; rename one of them`);
		byId.set(id, { id, file, data: parsed.data, Content: module.Content });
	}
	return [...byId.values()].sort((a, b) => (a.data.order ?? 99) - (b.data.order ?? 99) || a.id.localeCompare(b.id));
}
