// Systems and domains from every place they are declared, one row per rule.
import { describe, expect, it } from 'vitest';
import { parseCatalogInfo, parseOpslevel, parseServiceYaml } from '../../../collectors/discovery/descriptors.ts';
import { assembleSystems, type GroupingInput } from '../../../collectors/discovery/systems.ts';

const service = (id: string, path: string | null, system: string | null = null, domain: string | null = null) => ({ id, path, system, domain, foundBy: [{ file: `${path ?? 'x'}/service.yaml`, line: 1 }] });
const none: GroupingInput['configured'] = { systems: [], domains: [] };

describe('systems and domains from descriptors', () => {
	it('reads Backstage System and Domain entities, and a Component’s spec.system through its entity ref', () => {
		const result = parseCatalogInfo(
			'catalog-info.yaml',
			'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: cart }\nspec: { owner: team-a, system: "system:default/shop" }\n---\napiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: { name: shop, title: Web shop, description: What customers see. }\nspec: { owner: "group:default/storefront", domain: "domain:commerce" }\n---\napiVersion: backstage.io/v1alpha1\nkind: Domain\nmetadata: { name: commerce }\nspec: { owner: storefront }\n',
		);
		expect(result.services[0]).toMatchObject({ id: 'cart', system: 'shop', domain: null });
		expect(result.groupings).toEqual([
			{ kind: 'system', id: 'shop', name: 'Web shop', description: 'What customers see.', owner: 'storefront', domain: 'commerce', file: 'catalog-info.yaml', line: 6, format: 'catalog-info.yaml' },
			{ kind: 'domain', id: 'commerce', name: 'commerce', description: null, owner: 'storefront', domain: null, file: 'catalog-info.yaml', line: 11, format: 'catalog-info.yaml' },
		]);
	});

	it.each<[string, () => { system: string | null; domain: string | null } | undefined, { system: string | null; domain: string | null }]>([
		['service.yaml system: and domain:', () => parseServiceYaml('s/service.yaml', 'name: api\nsystem: Checkout Flow\ndomain: commerce\n').services[0], { system: 'checkout-flow', domain: 'commerce' }],
		['opslevel.yml system', () => parseOpslevel('s/opslevel.yml', 'version: 1\nservice:\n  name: api\n  system: payments\n').services[0], { system: 'payments', domain: null }],
		['opslevel.yml product, the older spelling', () => parseOpslevel('s/opslevel.yml', 'version: 1\nservice:\n  name: api\n  product: Payments\n').services[0], { system: 'payments', domain: null }],
	])('reads %s', (_case, parse, expected) => {
		expect(parse()).toMatchObject(expected);
	});
});

describe('assembleSystems', () => {
	it('joins services by their descriptor, else by the configured selectors (id globs, path prefixes)', () => {
		const result = assembleSystems({
			services: [service('cart', 'services/cart', 'shop'), service('inventory-api', 'services/inventory'), service('inventory-worker', 'jobs/inventory'), service('orders', 'services/orders'), service('ledger', 'services/ledger', 'payments')],
			declared: [],
			configured: { systems: [{ id: 'fulfilment', services: ['inventory-*', 'services/orders/'] }, { id: 'payments', name: 'Payments', services: ['services/**'] }], domains: [] },
		});
		expect(result.systems.map(({ id, name, services }) => ({ id, name, services }))).toEqual([
			{ id: 'fulfilment', name: 'fulfilment', services: ['inventory-api', 'inventory-worker', 'orders'] },
			{ id: 'payments', name: 'Payments', services: ['ledger'] },
			{ id: 'shop', name: 'shop', services: ['cart'] },
		]);
		// cart names shop itself: the configured glob services/** does not take it into payments.
		expect(result.membership.get('cart')).toEqual({ system: 'shop', domain: null });
	});

	it('gives a service its own domain, else its system’s, and lists each domain’s systems', () => {
		const result = assembleSystems({
			services: [service('cart', 'services/cart', 'shop'), service('search', 'services/search', null, 'discovery')],
			declared: [{ kind: 'system', id: 'shop', name: 'Web shop', description: null, owner: 'storefront', domain: 'commerce', file: 'c.yaml', line: 3, format: 'catalog-info.yaml' }],
			configured: { systems: [], domains: [{ id: 'commerce', name: 'Commerce', owner: 'storefront' }] },
		});
		expect(result.membership.get('cart')).toEqual({ system: 'shop', domain: 'commerce' });
		expect(result.membership.get('search')).toEqual({ system: null, domain: 'discovery' });
		expect(result.domains.map(({ id, name, systems, services, owner }) => ({ id, name, systems, services, owner }))).toEqual([
			{ id: 'commerce', name: 'Commerce', systems: ['shop'], services: ['cart'], owner: 'storefront' },
			{ id: 'discovery', name: 'discovery', systems: [], services: ['search'], owner: null },
		]);
	});

	it('keeps a system that services name but nobody declared, with those services as its evidence', () => {
		const result = assembleSystems({ services: [service('a', 'svc/a', 'billing')], declared: [], configured: none });
		expect(result.systems).toEqual([expect.objectContaining({ id: 'billing', services: ['a'], evidence: [{ file: 'svc/a/service.yaml', line: 1, detail: 'a names system "billing"' }] })]);
	});

	it('reports a configured system whose id is empty, and goes on', () => {
		const result = assembleSystems({ services: [], declared: [], configured: { systems: [{ id: '***' }], domains: [] } });
		expect(result.problems).toEqual([{ serviceId: null, file: 'shipshape.config.yaml', message: 'systems: "***" gives an empty id.' }]);
		expect(result.systems).toEqual([]);
	});
});
