// The site's guides, compiled by Astro's Markdown and MDX plugins. Apart from guides.ts so that its
// rules can be tested without compiling every guide (Vite resolves the glob where it is imported).
import { guidesFrom, type Guide, type GuideModule } from './guides.ts';

export function loadGuides(): Guide[] {
	return guidesFrom(import.meta.glob<GuideModule>('../../content/guides/**/*.{md,mdx}', { eager: true }), 'content/guides/');
}
