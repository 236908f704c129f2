// The module boundaries of STYLE.md, enforced by scanning imports.
import { readFile } from 'node:fs/promises';
import { globby } from 'globby';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

async function importsOf(pattern: string): Promise<{ file: string; imports: string[]; text: string }[]> {
	const files = await globby(pattern, { cwd: ROOT });
	return Promise.all(
		files.map(async (file) => {
			const text = await readFile(`${ROOT}${file}`, 'utf8');
			const imports = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)].map((match) => match[1]!);
			return { file, imports, text };
		}),
	);
}

describe('architecture', () => {
	it('keeps src/lib/scoring pure: no node:, astro, globby, octokit, fs, clock or randomness', async () => {
		for (const { file, imports, text } of await importsOf('src/lib/scoring/**/*.ts')) {
			for (const specifier of imports) {
				expect(specifier, `${file} imports ${specifier}`).not.toMatch(/^(node:|astro|globby|@octokit|fs$|path$|child_process)/);
				expect(specifier, `${file} imports ${specifier}`).not.toMatch(/collectors\//);
			}
			expect(text, file).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random\(/);
		}
	});

	it('keeps schemas as leaves that import only zod and each other', async () => {
		for (const { file, imports } of await importsOf('catalog/schema/**/*.ts')) {
			for (const specifier of imports) expect(specifier, `${file} imports ${specifier}`).toMatch(/^(zod$|\.\/)/);
		}
		for (const { file, imports } of await importsOf('rubrics/schema.ts')) {
			for (const specifier of imports) expect(specifier, `${file} imports ${specifier}`).toBe('zod');
		}
	});

	it('keeps collectors and scoring apart', async () => {
		for (const { file, imports } of await importsOf('collectors/**/*.ts')) {
			for (const specifier of imports) expect(specifier, `${file} imports ${specifier}`).not.toMatch(/lib\/scoring/);
		}
	});

	it('keeps imports one-way: collectors never import src/; the shared library imports neither', async () => {
		for (const { file, imports } of await importsOf('collectors/**/*.ts')) {
			for (const specifier of imports) expect(specifier, `${file} imports ${specifier}`).not.toMatch(/(^|\/)src\//);
		}
		for (const { file, imports } of await importsOf('catalog/{format,io,merge}/**/*.ts')) {
			for (const specifier of imports) expect(specifier, `${file} imports ${specifier}`).not.toMatch(/(^|\/)(src|collectors|rubrics)\/|\.\.\/\.\.\//);
		}
		// src/lib is what pages and the scoring shell build on; only the CLI (the composition root) wires
		// collectors in. The configuration is the exception: it composes the collectors' own settings
		// schemas (from the registry and their settings.ts files) and passes their sections on.
		for (const { file, imports } of await importsOf('src/lib/**/*.ts')) {
			for (const specifier of imports) {
				if (/collectors\/([\w-]+\/settings|index|run)\.ts$/.test(specifier) && /^src\/lib\/config\/(load|schema)\.ts$/.test(file)) continue;
				expect(specifier, `${file} imports ${specifier}`).not.toMatch(/collectors\//);
			}
		}
	});

	it('gives collectors capabilities through the context: none reads process.env or starts a process', async () => {
		for (const { file, text } of await importsOf('collectors/**/*.ts')) {
			expect(text, file).not.toMatch(/process\.env\b/);
			expect(text, file).not.toMatch(/node:child_process|from 'child_process'/);
		}
		for (const { file, text } of await importsOf('{src,collectors,catalog}/**/*.ts')) {
			if (file === 'catalog/io/git.ts') continue;
			expect(text, `${file} runs git itself; use catalog/io/git.ts`).not.toMatch(/execFile\w*\(\s*'git'/);
		}
	});

	it('keeps pages and components to rendering: no fs, fetch or scoring', async () => {
		for (const { file, imports, text } of await importsOf('src/{pages,components,layouts}/**/*.astro')) {
			for (const specifier of imports) expect(specifier, `${file} imports ${specifier}`).not.toMatch(/^(node:|fs$)|lib\/scoring|collectors\//);
			expect(text, file).not.toMatch(/\bfetch\(/);
		}
	});
});
