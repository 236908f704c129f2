import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		root: new URL('..', import.meta.url).pathname,
		include: ['test/**/*.test.ts'],
		exclude: ['test/fixtures/**', 'node_modules/**'],
		globalSetup: ['test/support/global-setup.ts'],
		// No test may reach GitHub: a developer's token must not leak into them.
		env: { GITHUB_TOKEN: '' },
		testTimeout: 30_000,
		hookTimeout: 180_000,
	},
});
