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

	it('leaves numbered series alone', () => {
		expect(findNearDuplicates([entry('a', 'shard-01'), entry('b', 'shard-02'), entry('c', 'api-v1'), entry('d', 'api-v2')])).toEqual([]);
	});

	it('allows two edits for long names but one for short ones', () => {
		expect(findNearDuplicates([entry('x', 'inventory-worker'), entry('y', 'inventry-workr')])).toHaveLength(1);
		expect(findNearDuplicates([entry('x', 'cart'), entry('y', 'card')])).toHaveLength(1);
		expect(findNearDuplicates([entry('x', 'cart'), entry('y', 'curd')])).toHaveLength(0);
	});

	it('stays fast at thousands of names', () => {
		const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
		const entries = Array.from({ length: 5000 }, (_, index) => entry(`s${index}`, `${words[index % 10]}-${words[Math.floor(index / 10) % 10]}-${words[Math.floor(index / 100) % 10]}-${Math.floor(index / 1000)}`));
		entries.push(entry('typo', 'alpha-bravo-charly-0'));

		const pairs = findNearDuplicates(entries);

		expect(pairs).toEqual([expect.objectContaining({ names: ['alpha-bravo-charlie-0', 'alpha-bravo-charly-0'], distance: 2 })]);
	});
});
