// Guides: their URLs (as Astro's content collections made them, so links keep working), their
// frontmatter, and what `shipshape build` says of a guide that is not valid, through the real CLI.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideId, guidesFrom, type GuideModule } from '../../src/lib/site/guides.ts';
import { PROJECT_ROOT, tempDirectory, writeTree } from '../support/temp.ts';

describe('guideId', () => {
	it.each([
		['policy.mdx', 'policy'],
		['Reaching Silver.md', 'reaching-silver'],
		['teams/index.mdx', 'teams'],
		['On Call/Escalation Policy.md', 'on-call/escalation-policy'],
		['FAQ (2026).md', 'faq-2026'],
		['index.md', 'index'],
	])('%s → guides/%s/', (file, id) => {
		expect(guideId(file)).toBe(id);
	});
});

const content = () => null;
const module = (frontmatter: unknown): GuideModule => ({ frontmatter, Content: content });

describe('guidesFrom', () => {
	it('sorts by order, then by id, with unordered guides last', () => {
		const guides = guidesFrom(
			{
				'../../content/guides/zeta.md': module({ title: 'Zeta', description: 'Last by order.', order: 3 }),
				'../../content/guides/beta.md': module({ title: 'Beta', description: 'No order.' }),
				'../../content/guides/alpha.md': module({ title: 'Alpha', description: 'No order either.' }),
				'../../content/guides/policy.mdx': module({ title: 'Policy', description: 'First.', order: 1 }),
			},
			'content/guides/',
		);

		expect(guides.map((guide) => guide.id)).toEqual(['policy', 'zeta', 'alpha', 'beta']);
		expect(guides[0]).toMatchObject({ file: 'policy.mdx', data: { title: 'Policy', order: 1 }, Content: content });
	});

	it.each<[string, unknown, RegExp]>([
		['no frontmatter', undefined, /src\/content\/guides\/bad\.md: its frontmatter is not valid \(title: .*description: /],
		['an empty title', { title: '', description: 'x' }, /title: Too small/],
		['an unknown key', { title: 'T', description: 'D', slug: 'other' }, /frontmatter: Unrecognized key: "slug"/],
		['an order that is not an integer', { title: 'T', description: 'D', order: 1.5 }, /order: Invalid input: expected int/],
	])('rejects %s, naming the file', (_name, frontmatter, message) => {
		expect(() => guidesFrom({ '../../content/guides/bad.md': module(frontmatter) }, 'content/guides/')).toThrow(message);
	});

	it('rejects two files that would have one URL', () => {
		expect(() =>
			guidesFrom(
				{
					'../../content/guides/teams.md': module({ title: 'Teams', description: 'One.' }),
					'../../content/guides/teams/index.mdx': module({ title: 'Teams too', description: 'Two.' }),
				},
				'content/guides/',
			),
		).toThrow('src/content/guides/teams/index.mdx: it has the same URL, guides/teams/, as src/content/guides/teams.md; rename one of them');
	});
});

describe('shipshape build with a guide that is not valid', () => {
	async function buildWithGuides(guides: Record<string, string>) {
		const work = await tempDirectory('guides-');
		await cp(path.join(PROJECT_ROOT, 'catalog'), path.join(work, 'catalog'), { recursive: true });
		await mkdir(path.join(work, 'handbook'));
		await writeTree(path.join(work, 'handbook'), { 'policy.md': '---\ntitle: Policy\ndescription: Ours.\n---\nHello.\n', ...guides });
		await writeFile(path.join(work, 'shipshape.config.yaml'), 'catalog: catalog\nout: public\nsite:\n  guides: handbook\n');
		const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs'), 'build', '--now', '2026-12-01T00:00:00Z', '--quiet'], { cwd: work, encoding: 'utf8' });
		return { ...result, work };
	}

	it.each<[string, Record<string, string>, RegExp]>([
		['frontmatter without a description', { 'on-call/escalation.md': '---\ntitle: Escalation\n---\nBody.\n' }, /a guide could not be compiled: .*\/handbook\/on-call\/escalation\.md: its frontmatter is not valid \(description: /],
		['MDX that does not parse', { 'broken.mdx': '---\ntitle: Broken\ndescription: Unclosed.\n---\n\n# Broken\n\n<Callout>\nnever closed\n' }, /a guide could not be compiled: .*\/handbook\/broken\.mdx/],
	])('exits 2 on %s, naming the file in the guides folder and leaving no site', async (_name, guides, message) => {
		const result = await buildWithGuides(guides);

		expect(result.stderr).toMatch(message);
		expect(result.stderr).not.toContain('.shipshape/build-');
		expect(result.status).toBe(2);
		expect(existsSync(path.join(result.work, 'public'))).toBe(false);
	}, 120_000);
});
