import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createOwnerLookup, createRuleMatcher, parseCodeowners, resolveDirectoryOwners, type CodeownersRule } from '../../../collectors/discovery/codeowners.ts';
import { REAL_FIXTURES } from '../../support/temp.ts';

const REAL = `${REAL_FIXTURES}codeowners/`;

function ownersOf(codeowners: string, path: string): string[] | null {
	const rule = createOwnerLookup(parseCodeowners(codeowners).rules)(path);
	return rule === null ? null : rule.owners;
}

describe('CODEOWNERS semantics', () => {
	it.each<[string, string, string, string[] | null]>([
		['last matching rule wins', '* @all\n/api/ @api', 'api/main.go', ['@api']],
		['earlier rule kept when later does not match', '* @all\n/api/ @api', 'web/index.ts', ['@all']],
		['no owners means explicitly unowned', '* @all\n/generated/', 'generated/x.go', []],
		['no rule matches', '/api/ @api', 'web/x.ts', null],
		['unanchored directory matches at any depth', 'docs/ @docs', 'pkg/docs/readme.md', ['@docs']],
		['anchored directory matches only at the root', '/docs/ @docs', 'pkg/docs/readme.md', null],
		['extension glob matches anywhere', '*.js @js', 'a/b/c.js', ['@js']],
		['`*` matches nested files', '* @all', 'a/b/c.txt', ['@all']],
		['`/*` matches root files', '* @all\n/* @root', 'Makefile', ['@root']],
		['`/*` does not match nested files', '* @all\n/* @root', 'src/main.go', ['@all']],
		['`docs/*` matches direct children', 'docs/* @docs', 'docs/intro.md', ['@docs']],
		['`docs/*` does not match nested files', 'docs/* @docs', 'docs/build/intro.md', null],
		['`**` crosses directories', '/apps/**/test @qa', 'apps/web/unit/test/a.ts', ['@qa']],
		['path without trailing slash owns the directory', '/plugins/adr @adr', 'plugins/adr/src/index.ts', ['@adr']],
		['prefix is not a directory match', '/plugins/adr @adr', 'plugins/adr-backend/x.ts', null],
		['e-mail owners', '* ops@example.com', 'x', ['ops@example.com']],
		['comment after the owners', '* @all # everyone', 'x', ['@all']],
		['escaped hash is part of the pattern', '\\#notes @notes', '#notes', ['@notes']],
	])('%s', (_name, codeowners, path, owners) => {
		expect(ownersOf(codeowners, path)).toEqual(owners);
	});

	it('reports syntax GitHub rejects, with the line, and skips that rule', () => {
		const parsed = parseCodeowners('* @all\n!vendor/ @x\n/a/ not-an-owner\n');

		expect(parsed.rules.map((rule) => rule.pattern)).toEqual(['*']);
		expect(parsed.problems.map((problem) => problem.line)).toEqual([2, 3]);
	});

	it('ranks the owners of a directory by files owned, then by name', () => {
		const lookup = createOwnerLookup(parseCodeowners('* @platform\n/svc/ @b @a\n/svc/docs/ @docs').rules);

		const result = resolveDirectoryOwners(lookup, 'svc', ['svc/main.go', 'svc/util.go', 'svc/docs/x.md']);

		expect(result).toEqual({ owners: ['@a', '@b', '@docs'], unownedFiles: 0 });
	});
});

describe('real CODEOWNERS files', () => {
	it.each<[string, string, string[]]>([
		['cli-cli__CODEOWNERS', 'pkg/cmd/codespace/create.go', ['@cli/codespaces']],
		['cli-cli__CODEOWNERS', 'pkg/cmd/attestation/verification/embed/tuf-repo.github.com/root.json', ['@cli/tuf-root-reviewers']],
		['cli-cli__CODEOWNERS', 'README.md', ['@cli/code-reviewers']],
		['backstage-backstage__CODEOWNERS', '.changeset/quick-fox.md', []],
		['backstage-backstage__CODEOWNERS', 'plugins/adr-backend/src/index.ts', ['@backstage/maintainers', '@backstage/reviewers', '@kuangp']],
		['prometheus-prometheus__CODEOWNERS', 'web/ui/module/codemirror/index.ts', ['@prometheus/default-maintainers', '@juliusv', '@nexucis']],
		['GoogleCloudPlatform-golang-samples__CODEOWNERS', 'go.mod', ['@GoogleCloudPlatform/go-samples-reviewers', '@GoogleCloudPlatform/cloud-samples-infra']],
	])('%s: %s', async (file, path, owners) => {
		const content = await readFile(`${REAL}${file}`, 'utf8');

		expect(parseCodeowners(content).problems).toEqual([]);
		expect(ownersOf(content, path)).toEqual(owners);
	});
});

describe('the compiled lookup', () => {
	// The straightforward reading of GitHub's rule: test every rule, the last match wins.
	const reference = (rules: readonly CodeownersRule[]) => (path: string) => [...rules].reverse().find((rule) => createRuleMatcher(rule)(path)) ?? null;
	const RULES = [
		'*', '*.md', '/services/', '/services/payments/', 'services/checkout', '/services/checkout/api/', 'docs/', '/libs/money/money.go', '/Services/Legacy/',
		'/services/*', '/apps/**/deploy/', 'build/', '/services/payments/README.md', '/services/payments', '/a/b/c/', '\\#hash', '/services/payments/../x/',
	];
	const PATHS = [
		'README.md', 'services/payments/main.go', 'services/payments/README.md', 'services/payments/', 'services/payments', 'services/paymentsx/main.go', 'services/checkout/api/x.ts',
		'services/checkout/api', 'services/checkout/web/x.ts', 'docs/guide.md', 'libs/money/money.go', 'libs/money/money.go/x', 'services/legacy/a.py', 'SERVICES/PAYMENTS/MAIN.GO',
		'services/x.go', 'apps/shop/deploy/k8s.yaml', 'web/build/out.js', 'a/b/c', 'a/b/c/d', 'a/b/', '#hash', 'services/',
	];

	it.each(PATHS)('agrees with testing every rule for %s, whatever the rules', (path) => {
		for (let start = 0; start < RULES.length; start += 3) {
			const rules = [...RULES.slice(start), ...RULES.slice(0, start)].map((pattern, index) => ({ pattern, owners: [`@o${index}`], line: index + 1 }));

			expect(createOwnerLookup(rules)(path)?.line ?? null, `rules from ${RULES[start]}`).toBe(reference(rules)(path)?.line ?? null);
		}
	});
});

describe('GitLab CODEOWNERS', () => {
	const gitlab = readFile(`${REAL}written-here__gitlab-sections.CODEOWNERS`, 'utf8');
	const ownersIn = async (path: string) => createOwnerLookup(parseCodeowners(await gitlab, 'gitlab').rules)(path)?.owners ?? null;

	it.each<[string, string[]]>([
		['services/orders/api/main.py', ['@acme/platform', '@acme/fulfilment']],
		['services/payments/handler.py', ['@acme/platform', '@acme/backend-leads']],
		['libs/money/money.go', ['@acme/platform', '@acme/backend-leads']],
		['docs/setup.md', ['@acme/platform', '@acme/docs']],
		['services/orders/README.md', ['@acme/platform', '@acme/fulfilment', '@acme/docs']],
		['apps/shop/cart.ts', ['@acme/platform', '@acme/web']],
		['apps/shop/legacy/old.js', ['@acme/platform', '@acme/legacy-web']],
		['tools/lint.sh', ['@acme/platform']],
	])('%s is owned by %j: the last match of every section, sections merged by name', async (path, owners) => {
		expect(await ownersIn(path)).toEqual(owners);
	});

	it.each<[string, string[] | null]>([
		['Security/policy.md', ['@rsouthard', '@roger.jaynes.ctr', '@ryan.a.young.ctr', '@blake.burton', '@david.l.elliott.civ']],
		['.gitlab-ci.yml', ['@david.l.elliott.civ', '@blake.burton', '@chris.simpson', '@larry.clark', '@jeffrey.j.rescignano.ctr', '@chris.cano', '@rsouthard']],
		['engine/src/main/java/Database.java', null],
	])('reads the real arcadedb .gitlab/CODEOWNERS: %s', async (path, owners) => {
		const parsed = parseCodeowners(await readFile(`${REAL}ArcadeData-arcadedb__gitlab.CODEOWNERS`, 'utf8'), 'gitlab');
		expect(parsed.problems).toEqual([]);
		expect(parsed.rules.map((rule) => rule.section)).toEqual(['security owners', 'cm', 'cm']);
		expect(createOwnerLookup(parsed.rules)(path)?.owners ?? null).toEqual(owners);
	});

	it('reads section lines as sections, not as patterns GitHub would refuse', async () => {
		const parsed = parseCodeowners(await gitlab, 'gitlab');

		expect(parsed.problems).toEqual([]);
		expect(parsed.rules.find((rule) => rule.pattern === '/services/payments/')).toMatchObject({ owners: ['@acme/backend-leads'], section: 'backend' });
		expect(parseCodeowners(await gitlab, 'github').problems.map((problem) => problem.line)).toEqual([7, 12, 16, 19]);
	});
});
