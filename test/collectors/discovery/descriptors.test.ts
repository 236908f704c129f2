import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCatalogInfo, parseOpslevel, parseServiceYaml } from '../../../collectors/discovery/descriptors.ts';
import { readDeclaredServices } from '../../../collectors/discovery/declared.ts';
import { readFileSafely } from '../../../collectors/lib/files.ts';
import { tempDirectory, writeTree } from '../../support/temp.ts';
import { REAL_FIXTURES } from '../../support/temp.ts';

const REAL = `${REAL_FIXTURES}`;
const read = (file: string) => readFile(`${REAL}${file}`, 'utf8');

describe('Backstage catalog-info.yaml (real samples)', () => {
	it('reads a Component with owner, lifecycle, tags and links', async () => {
		const result = parseCatalogInfo('catalog-info.yaml', await read('backstage/backstage-backstage__artist-lookup-component.yaml'));

		expect(result.problems).toEqual([]);
		expect(result.services).toHaveLength(1);
		expect(result.services[0]).toMatchObject({ id: 'artist-lookup', owner: 'team-a', lifecycle: 'experimental', tags: ['java', 'data'], format: 'catalog-info.yaml' });
		expect(result.services[0]?.links.map((link) => link.title)).toContain('Dashboard');
	});

	it.each<[string, string, { title: string; url: string }[]]>([
		['source location and TechDocs URLs become links', 'backstage.io/source-location: url:https://github.com/acme/shop/tree/main/services/checkout/\n    backstage.io/techdocs-ref: url:https://docs.acme.example/checkout', [{ title: 'Source', url: 'https://github.com/acme/shop/tree/main/services/checkout/' }, { title: 'Documentation', url: 'https://docs.acme.example/checkout' }]],
		['TechDocs built from the repository (dir:.) names no page', 'backstage.io/techdocs-ref: dir:.', []],
		['a non-http source location is dropped', "backstage.io/source-location: 'url:javascript:alert(1)'", []],
	])('%s', (_name, annotations, links) => {
		const text = `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: checkout\n  annotations:\n    ${annotations}\nspec:\n  type: service\n  lifecycle: production\n  owner: storefront\n`;

		const result = parseCatalogInfo('services/checkout/catalog-info.yaml', text);

		expect(result.problems).toEqual([]);
		expect(result.services[0]?.links).toEqual(links);
	});

	it.each(['backstage-backstage__playback-order-component.yaml', 'backstage-backstage__wayback-search-component.yaml', 'backstage-demo__catalog-info.yaml', 'snyk-driftctl__catalog-info.yaml'])('reads %s without problems', async (file) => {
		const result = parseCatalogInfo(file, await read(`backstage/${file}`));

		expect(result.problems).toEqual([]);
		expect(result.services.length + result.teams.length).toBeGreaterThan(0);
	});

	it('keeps the real-world quirk lifecycle "-" as it is', async () => {
		const result = parseCatalogInfo('catalog-info.yaml', await read('backstage/snyk-driftctl__catalog-info.yaml'));

		expect(result.services[0]).toMatchObject({ id: 'driftctl', owner: 'iac', lifecycle: '-' });
	});

	it.each(['backstage-backstage__all-components-location.yaml', 'backstage-backstage__audio-playback-system.yaml', 'backstage-backstage__artists-db-resource.yaml', 'backstage-demo__examples__mcp-server-api.yaml'])('understands %s but does not call it a service', async (file) => {
		const result = parseCatalogInfo(file, await read(`backstage/${file}`));

		expect(result.problems).toEqual([]);
		expect(result.services).toEqual([]);
	});

	it('reads Groups as teams', async () => {
		const result = parseCatalogInfo('groups.yaml', await read('backstage/backstage-backstage__team-a-group.yaml'));

		expect(result.teams.map((team) => team.id)).toContain('team-a');
	});

	it('rejects the deliberately invalid component with a clear error naming the file and field', async () => {
		const result = parseCatalogInfo('services/x/catalog-info.yaml', await read('backstage/backstage-backstage__invalid-component.yaml'));

		expect(result.services).toEqual([]);
		expect(result.problems).toHaveLength(1);
		expect(result.problems[0]).toMatch(/^services\/x\/catalog-info\.yaml:1: not a valid Backstage entity: metadata\.name: Backstage names are/);
	});

	it('turns component dependencies into service ids and drops resources', () => {
		const result = parseCatalogInfo('c.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: web }\nspec: { owner: "group:default/shop", dependsOn: ["component:default/payments-api", "resource:db"] }\n');

		expect(result.services[0]).toMatchObject({ owner: 'shop', dependsOn: ['payments-api'] });
	});
});

describe('OpsLevel opslevel.yml (real samples)', () => {
	it('reads the service form', async () => {
		const result = parseOpslevel('opslevel.yml', await read('opslevel/OpsLevel-cli__opslevel.yml'));

		expect(result.problems).toEqual([]);
		expect(result.services[0]).toMatchObject({ id: 'opslevel-cli', name: 'Opslevel CLI', owner: 'platform', tier: 2, language: 'Go', lifecycle: 'generally_available' });
	});

	it.each(['OpsLevel-opslevel-go__opslevel.full-schema.yml', 'OpsLevel-opslevel-go__opslevel.with-system.yml'])('reads %s', async (file) => {
		const result = parseOpslevel(file, await read(`opslevel/${file}`));

		expect(result.problems).toEqual([]);
		expect(result.services).toHaveLength(1);
	});

	it('turns tools into links, and a runbooks tool into the runbook; a non-http tool link is dropped', () => {
		const text = [
			'---',
			'version: 1',
			'service:',
			'  name: Checkout API',
			'  owner: storefront',
			'  tools:',
			'  - name: Checkout runbook',
			'    category: runbooks',
			'    url: https://wiki.acme.example/runbooks/checkout',
			'  - name: Latency',
			'    category: metrics',
			'    url: https://grafana.acme.example/d/checkout',
			'    environment: production',
			'  - name: Evil',
			'    category: other',
			'    url: javascript:alert(1)',
			'  - category: logs',
			'    url: https://kibana.acme.example/app/discover',
			'',
		].join('\n');

		const [service] = parseOpslevel('services/checkout/opslevel.yml', text).services;

		expect(service).toMatchObject({
			runbook: 'https://wiki.acme.example/runbooks/checkout',
			links: [
				{ title: 'Checkout runbook (runbooks)', url: 'https://wiki.acme.example/runbooks/checkout' },
				{ title: 'Latency (metrics, production)', url: 'https://grafana.acme.example/d/checkout' },
				{ title: 'logs (logs)', url: 'https://kibana.acme.example/app/discover' },
			],
		});
	});

	it('understands the repository form but does not call it a service', async () => {
		const result = parseOpslevel('opslevel.yml', await read('opslevel/auth0-go-jwt-middleware__opslevel.yml'));

		expect(result).toEqual({ services: [], teams: [], problems: [] });
	});

	it('rejects another version with the file and what is expected', () => {
		expect(parseOpslevel('svc/opslevel.yml', 'version: 2\nservice: { name: x }\n').problems[0]).toMatch(/^svc\/opslevel\.yml:1: not a valid opslevel\.yml: version: OpsLevel descriptors must say `version: 1`/);
	});
});

describe('service.yaml', () => {
	it('reads every field', () => {
		const result = parseServiceYaml('svc/service.yaml', 'name: Payments API\nowner: group:default/payments\ntier: 1\npii: true\nrunbook: https://runbooks.example/p\ndependsOn: [Ledger]\n');

		expect(result.services[0]).toMatchObject({ id: 'payments-api', owner: 'payments', tier: 1, pii: true, runbook: 'https://runbooks.example/p', dependsOn: ['ledger'] });
	});

	it('fails on a typo with file, line and column', () => {
		const result = parseServiceYaml('svc/service.yaml', 'name: x\nowner: a\nteir: 1\n');

		expect(result.problems).toEqual(['svc/service.yaml:3:1: teir: Unrecognized key: "teir" (check the spelling; see the JSON Schema for the allowed fields)']);
	});

	it.each([
		['javascript: runbook', 'name: x\nrunbook: "javascript:alert(1)"\n'],
		['YAML alias bomb', 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nname: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n'],
		['invalid YAML', 'name: [x\n'],
	])('rejects %s without crashing', (_name, text) => {
		const result = parseServiceYaml('svc/service.yaml', text);

		expect(result.services).toEqual([]);
		expect(result.problems.length).toBeGreaterThan(0);
		expect(result.problems[0]).toMatch(/^svc\/service\.yaml/);
	});
});

describe('where alerts go', () => {
	it.each<[string, () => { alertSources: { type: string; id: string }[] } | undefined, { type: string; id: string }[]]>([
		['Backstage pagerduty.com/service-id (the integration key is never read)', () => parseCatalogInfo('c.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: api\n  annotations:\n    pagerduty.com/service-id: PX1Y2Z3\n    pagerduty.com/integration-key: abcdef0123456789secret\nspec: { owner: x }\n').services[0], [{ type: 'pagerduty', id: 'PX1Y2Z3' }]],
		['OpsLevel alert_sources', () => parseOpslevel('o.yml', 'version: 1\nservice:\n  name: api\n  alert_sources:\n    - type: PagerDuty\n      external_id: PABC123\n    - type: datadog\n      id: 4512\n    - type: opsgenie\n').services[0], [{ type: 'pagerduty', id: 'PABC123' }, { type: 'datadog', id: '4512' }]],
	])('reads %s', (_case, parse, expected) => {
		const service = parse();
		expect(service?.alertSources).toEqual(expected);
		expect(JSON.stringify(service)).not.toContain('secret');
	});
});

describe('Backstage Users and Groups as teams', () => {
	it('adds Users to the Groups they are members of, with their e-mail, and keeps the parent Group', async () => {
		const root = await tempDirectory('users-');
		await writeTree(root, {
			'org/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: payments }\nspec: { type: team, parent: "group:default/commerce", children: [], members: [ana] }\n---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: { name: ana }\nspec: { profile: { email: ana@acme.example }, memberOf: [] }\n---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: { name: bilal }\nspec: { profile: { email: bilal@acme.example }, memberOf: ["group:default/payments"] }\n',
		});
		const { teams } = await readDeclaredServices({ repoRoot: root, files: ['org/catalog-info.yaml'], roots: [], readFile: readFileSafely }, []);
		expect(teams).toEqual([expect.objectContaining({ id: 'payments', parent: 'commerce', members: ['ana', 'ana@acme.example', 'bilal', 'bilal@acme.example'] })]);
	});

	it('keeps Users of one name in different namespaces apart: each Group gets its own member\'s e-mail', async () => {
		const root = await tempDirectory('namespaces-');
		const entity = (kind: string, namespace: string, name: string, spec: string) => `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec: ${spec}\n`;
		await writeTree(root, {
			'org/catalog-info.yaml': [
				entity('Group', 'default', 'support', '{ type: team, children: [], members: [guest] }'),
				entity('Group', 'partners', 'support', '{ type: team, children: [], members: [guest] }'),
				entity('User', 'default', 'guest', '{ profile: { email: guest@acme.example }, memberOf: [] }'),
				entity('User', 'partners', 'guest', '{ profile: { email: guest@partner.example }, memberOf: [] }'),
			].join('---\n'),
		});
		const { teams } = await readDeclaredServices({ repoRoot: root, files: ['org/catalog-info.yaml'], roots: [], readFile: readFileSafely }, []);
		expect(teams).toEqual([
			expect.objectContaining({ id: 'support', members: ['guest', 'guest@acme.example'] }),
			expect.objectContaining({ id: 'partners-support', members: ['guest', 'guest@partner.example'] }),
		]);
	});
});

describe('Backstage entity refs, with Backstage\'s defaulting rules', () => {
	// The referring entity is in namespace `partners`: refs without a namespace are in it too.
	const component = (spec: string) =>
		parseCatalogInfo('c.yaml', `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: portal, namespace: partners }\nspec: { type: service, lifecycle: production, ${spec} }\n`).services[0]!;
	it.each([
		['its own id, prefixed outside the default namespace', 'owner: team-a', { id: 'partners-portal' }],
		['an owner without a namespace is in the entity\'s', 'owner: team-a', { owner: 'partners-team-a' }],
		['an owner with kind and namespace', 'owner: "group:default/team-a"', { owner: 'team-a' }],
		['an owner handle that is no entity ref, as written', 'owner: "@acme/payments"', { owner: '@acme/payments' }],
		['a system in another namespace', 'owner: x, system: "system:commerce/checkout"', { system: 'commerce-checkout' }],
		['a system by name only', 'owner: x, system: checkout', { system: 'partners-checkout' }],
		['dependsOn components and resources in the entity\'s namespace', 'owner: x, dependsOn: ["component:ledger", "resource:default/orders-db"]', { dependsOn: ['partners-ledger'], resources: ['orders-db'] }],
		['APIs provided across namespaces', 'owner: x, providesApis: ["partners/portal-api", "default/auth-api"]', { providesApis: ['auth-api', 'partners-portal-api'] }],
	])('%s', (_name, spec, expected) => {
		expect(component(spec)).toMatchObject(expected);
	});

	it('keeps ids of the default namespace as they were (written or not)', () => {
		const written = parseCatalogInfo('c.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: { name: checkout, namespace: default }\nspec: { owner: "group:team-a", domain: commerce }\n');
		expect(written.groupings).toEqual([expect.objectContaining({ kind: 'system', id: 'checkout', owner: 'team-a', domain: 'commerce' })]);
	});

	it('refuses a namespace Backstage would refuse, naming the file', () => {
		const result = parseCatalogInfo('c.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: portal, namespace: "a/b" }\nspec: { owner: x }\n');
		expect(result.services).toEqual([]);
		expect(result.problems[0]).toMatch(/^c\.yaml:1: not a valid Backstage entity: metadata\.namespace: Backstage namespaces/);
	});
});
