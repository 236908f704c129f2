// Astro renders the report that `shipshape build` writes; `root`, `outDir` and `base` are passed
// in by the CLI (src/cli/site.ts), so this file holds only what never changes.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { satteri } from '@astrojs/markdown-satteri';
import { safeLinksHastPlugin } from './src/lib/format/safe-links.ts';

export default defineConfig({
	integrations: [mdx()],
	// Guides are Markdown/MDX from the user's repository: no executable link or inline handler
	// survives (MDX inherits this processor).
	markdown: { processor: satteri({ hastPlugins: [safeLinksHastPlugin] }) },
	trailingSlash: 'always',
	// Pages render while earlier ones are written: with the default of 1 the build waits on every write.
	// Stylesheets (and, below, scripts) as files, never inline: the pages' Content-Security-Policy
	// allows only 'self'.
	build: { format: 'directory', concurrency: 32, inlineStylesheets: 'never' },
	devToolbar: { enabled: false },
	vite: {
		build: {
			assetsInlineLimit: 0,
			rollupOptions: {
				// MDX output carries Astro's own module directive, which the bundler warns about on every
				// guide although nothing is wrong; keep the build output for real problems.
				onwarn(warning, warn) {
					if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /astro:head-inject/.test(warning.message)) return;
					warn(warning);
				},
			},
		},
	},
	prefetch: false,
});
