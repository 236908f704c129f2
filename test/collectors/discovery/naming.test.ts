import { describe, expect, it } from 'vitest';
import { findNearDuplicates, normalisedKey } from '../../../collectors/discovery/naming.ts';

describe('normalisedKey', () => {
	it.each<[string, string[], string]>([
		['payments-api', [], 'paymentsapi'],
		['PaymentsAPI', [], 'paymentsapi'],
		['payment_api', [], 'paymentapi'],
		['orders-service', ['-service', '-svc'], 'orders'],
		['OrdersSvc', ['-service', '-svc'], 'orders'],
		['payments-api', ['-api'], 'payments'],
		['service', ['-service'], 'service'],
	])('%s with %j → %s', (name, suffixes, key) => {
		expect(normalisedKey(name, suffixes)).toBe(key);
	});
});

describe('findNearDuplicates', () => {
	const entry = (owner: string, name: string) => ({ owner, name, key: normalisedKey(name, ['-service', '-svc']) });

	it('pairs names one edit apart that belong to different services', () => {
		const pairs = findNearDuplicates([entry('payments-api', 'payments-api'), entry('payment-api', 'payment_api'), entry('ledger', 'ledger')]);

		expect(pairs).toEqual([{ names: ['payment_api', 'payments-api'], owners: ['payment-api', 'payments-api'], distance: 1 }]);
	});

	it('reports two declared services with the same normalised name instead of merging them', () => {
		expect(findNearDuplicates([entry('orders', 'orders'), entry('orders-service', 'orders-service')])).toEqual([{ names: ['orders', 'orders-service'], owners: ['orders', 'orders-service'], distance: 0 }]);
	});

	it('ignores the names of one service and unrelated names', () => {
		expect(findNearDuplicates([entry('a', 'checkout'), entry('a', 'checkouts'), entry('b', 'ledger'), entry('c', 'search-indexer')])).toEqual([]);
	});

	it('allows two edits for long names but one for short ones', () => {
		expect(findNearDuplicates([entry('x', 'inventory-worker'), entry('y', 'inventry-workr')])).toHaveLength(1);
		expect(findNearDuplicates([entry('x', 'cart'), entry('y', 'card')])).toHaveLength(1);
		expect(findNearDuplicates([entry('x', 'cart'), entry('y', 'curd')])).toHaveLength(0);
	});

	it('stays fast at thousands of names', () => {
		const entries = Array.from({ length: 5000 }, (_, index) => entry(`service-${index}`, `service-${index}-worker`));

		const pairs = findNearDuplicates(entries);

		expect(pairs.length).toBeGreaterThan(0);
		expect(pairs.every((pair) => pair.distance <= 2)).toBe(true);
	});
});
