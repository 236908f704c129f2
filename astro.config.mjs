// Astro renders the report that `shipshape build` hands it in the CLI's own process
// (src/lib/report/load-report.ts), so the pages render only under `shipshape build`. The options
// live in src/lib/site/astro-options.ts, shared with the CLI, which passes `root`, `outDir` and
// `base` itself (src/cli/site.ts); this file gives tools run inside this repository (editor
// integrations) the same options.
import { defineConfig } from 'astro/config';
import { astroOptions } from './src/lib/site/astro-options.ts';

export default defineConfig(astroOptions());
