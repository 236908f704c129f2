// The merge's semantics, table-driven on plain states: which state of a repository wins, that no
// order of arrival changes the merged records, and how the inventory's facts meet a repository's.
import { describe, expect, it } from 'vitest';
import { mergeStates, newestStates, type RepositoryState } from '../../catalog/merge/merge.ts';
import type { DiscoveryReport } from '../../catalog/schema/discovery.ts';
import { buildService } from '../support/facts.ts';

const EMPTY_DISCOVERY: DiscoveryReport = { unregistered: [], unowned: [], ownershipConflicts: [], nearDuplicates: [], unlinkedDeployments: [], ownerSuggestions: { status: 'ok', detail: '10 commits' }, orphanedResources: [], withoutRuntime: [], candidates: [], idClashes: [], errors: [] };

function state(repository: string, overrides: Partial<RepositoryState['origin']> & { fresh?: boolean; services?: RepositoryState['services']; kind?: 'repository' | 'inventory' } = {}): RepositoryState {
	const { fresh = true, services = [buildService({ id: `${repository.split('/')[1]}-api`, repository })], ...origin } = overrides;
	return {
		origin: { kind: 'repository', repository, commit: 'a'.repeat(40), committedAt: '2026-11-20T10:00:00+00:00', collectedAt: '2026-12-01T00:00:00.000Z', collectors: [], ...origin },
		services,
		activity: [],
		teams: [],
		systems: [],
		domains: [],
		discovery: EMPTY_DISCOVERY,
		fresh,
	};
}

describe('newestStates', () => {
	it.each<[string, Partial<RepositoryState['origin']> & { fresh?: boolean }, Partial<RepositoryState['origin']> & { fresh?: boolean }, 'first' | 'second']>([
		['the later commit wins, even when collected earlier', { commit: 'new', committedAt: '2026-11-21T10:00:00+00:00', collectedAt: '2026-11-21T00:00:00.000Z' }, { commit: 'old', committedAt: '2026-11-20T10:00:00+00:00', collectedAt: '2026-12-01T00:00:00.000Z' }, 'first'],
		['commit times compare as instants, not as text', { commit: 'new', committedAt: '2026-11-20T12:30:00+02:00' }, { commit: 'old', committedAt: '2026-11-20T10:15:00+00:00' }, 'first'],
		['the same commit: the later collection wins', { collectedAt: '2026-12-01T00:00:00.000Z' }, { collectedAt: '2026-12-02T00:00:00.000Z' }, 'second'],
		['the same commit and collection: a fragment of this run wins over what the last merge kept', { fresh: false }, { fresh: true }, 'second'],
		['a checkout without commits loses to any commit', { commit: null, committedAt: null, collectedAt: '2026-12-03T00:00:00.000Z' }, {}, 'second'],
	])('%s', (_name, first, second, winner) => {
		const a = state('acme/shop', first);
		const b = state('acme/shop', second);
		const expected = winner === 'first' ? a : b;

		expect(newestStates([a, b])).toEqual([expected]);
		expect(newestStates([b, a])).toEqual([expected]);
	});
});

describe('mergeStates', () => {
	it('gives the same records for every order of the states', () => {
		const states = [state('acme/a'), state('acme/b', { services: [buildService({ id: 'orders', repository: 'acme/b' })] }), state('acme/c', { services: [buildService({ id: 'orders', repository: 'acme/c', dependsOn: [] }), buildService({ id: 'web', repository: 'acme/c', dependsOn: ['orders'] })] })];
		const orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0]].map((order) => mergeStates({ states: order.map((index) => states[index]!), idClashResolutions: {} }));

		expect(orders[1]).toEqual(orders[0]);
		expect(orders[2]).toEqual(orders[0]);
		expect(orders[0]!.services.map((service) => service.id)).toEqual(['a-api', 'acme-b-orders', 'acme-c-orders', 'web']);
		expect(orders[0]!.services.find((service) => service.id === 'web')!.dependsOn).toEqual(['acme-c-orders']);
	});

	const workload = (name: string) => ({ workloads: [{ name }] });
	it.each<[string, Record<string, unknown>, Record<string, unknown[]>, Record<string, unknown>, Record<string, unknown>]>([
		['a collector the repository did not run takes the inventory\'s facts, found or not', {}, {}, { 'terraform-state': { datastores: [] } }, { 'terraform-state': { datastores: [] } }],
		['the repository\'s own Kubernetes facts stay when the inventory found nothing of the service', { 'k8s-manifests': workload('from-manifests') }, {}, { 'k8s-manifests': workload('from-manifests') }, { 'k8s-manifests': { workloads: [] } }],
		['a live dump that found the service replaces the committed manifests', { 'k8s-manifests': workload('from-manifests') }, { 'k8s-manifests.workloads': [{ resource: 'Deployment/prod/api' }] }, { 'k8s-manifests': workload('from-dump') }, { 'k8s-manifests': workload('from-dump') }],
	])('%s', (_name, own, inventoryEvidence, expected, inventoryFacts) => {
		const repository = state('acme/shop', { services: [buildService({ id: 'api', repository: 'acme/shop', facts: own as never })] });
		const inventory = state('inventory', { kind: 'inventory', commit: null, committedAt: null, services: [buildService({ id: 'api', facts: inventoryFacts as never, evidence: inventoryEvidence as never })] });

		expect(mergeStates({ states: [repository, inventory], idClashResolutions: {} }).services[0]!.facts).toEqual(expected);
	});

	it('an inventory kept from the previous merge fills gaps but never replaces what a repository just collected', () => {
		const repository = state('acme/shop', { services: [buildService({ id: 'api', repository: 'acme/shop', facts: { 'k8s-manifests': workload('new-manifests') } as never })] });
		const kept = state('inventory', { kind: 'inventory', commit: null, committedAt: null, fresh: false, services: [buildService({ id: 'api', facts: { 'k8s-manifests': workload('last-merge'), 'terraform-state': { datastores: [] } } as never, evidence: { 'k8s-manifests.workloads': [{ resource: 'Deployment/prod/api' }] } })] });

		expect(mergeStates({ states: [repository, kept], idClashResolutions: {} }).services[0]!.facts).toEqual({ 'k8s-manifests': workload('new-manifests'), 'terraform-state': { datastores: [] } });
	});
});
