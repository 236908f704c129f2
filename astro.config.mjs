// Astro renders the report that `shipshape build` writes. The options live in
// src/lib/site/astro-options.ts, shared with the CLI, which passes `root`, `srcDir`, `outDir` and
// `base` itself (src/cli/site.ts); this file is for `astro dev` inside this repository.
import { defineConfig } from 'astro/config';
import { astroOptions } from './src/lib/site/astro-options.ts';

export default defineConfig(astroOptions());
