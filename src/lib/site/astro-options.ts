// The Astro configuration of the site, in one place: `astro.config.mjs` uses it for contributors
// (astro dev in this repository) and `shipshape build` passes it inline, with the root moved to a
// writable work directory (an installed package's own directory may be read-only).
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import type { AstroInlineConfig } from 'astro';
import { safeLinksHastPlugin } from '../format/safe-links.ts';

export function astroOptions(): AstroInlineConfig {
	return {
		integrations: [mdx()],
		// Guides are Markdown/MDX from the user's repository: no executable link or inline handler
		// survives (MDX inherits this processor).
		markdown: { processor: satteri({ hastPlugins: [safeLinksHastPlugin] }) },
		trailingSlash: 'always',
		// Pages render while earlier ones are written: with the default of 1 the build waits on every
		// write. Stylesheets (and, below, scripts) are files, never inline: the pages' CSP allows only 'self'.
		build: { format: 'directory', concurrency: 32, inlineStylesheets: 'never' },
		devToolbar: { enabled: false },
		vite: {
			build: {
				assetsInlineLimit: 0,
				rollupOptions: {
					// MDX output carries Astro's own module directive, which the bundler warns about on
					// every guide although nothing is wrong; keep the build output for real problems.
					onwarn(warning, warn) {
						if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /astro:head-inject/.test(warning.message)) return;
						warn(warning);
					},
				},
			},
		},
		prefetch: false,
	};
}
