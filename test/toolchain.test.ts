import { describe, expect, it } from 'vitest';

describe('toolchain', () => {
	it('runs the tests on the pinned Node (>= 22), not the machine default', () => {
		const major = Number(process.versions.node.split('.')[0]);

		console.log(`node ${process.version}`);

		expect(major).toBeGreaterThanOrEqual(22);
	});
});
