import { describe, expect, it } from 'vitest';
import { servicesTouched } from '../../src/lib/history/touched.ts';

const services = [
	{ id: 'payments', path: 'services/payments' },
	{ id: 'payments-api', path: 'services/payments/api' },
	{ id: 'payments-worker', path: 'services/payments-worker' },
];

describe('servicesTouched', () => {
	it.each<[string, string[], string[]]>([
		['a file of a service', ['services/payments/README.md'], ['payments']],
		['the most specific service wins', ['services/payments/api/main.go'], ['payments-api']],
		['a sibling with a common prefix is not a child', ['services/payments-worker/x.py'], ['payments-worker']],
		['files outside every service touch nothing', ['README.md', 'services/other/x'], []],
		['several files, sorted and once each', ['services/payments/api/a', 'services/payments/b', 'services/payments/api/c'], ['payments', 'payments-api']],
	])('%s', (_name, files, touched) => {
		expect(servicesTouched(files, services)).toEqual(touched);
	});
});
