import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		root: new URL('..', import.meta.url).pathname,
		include: ['test/**/*.test.ts'],
		exclude: ['test/fixtures/**', 'node_modules/**'],
		globalSetup: ['test/support/global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 180_000,
	},
});
