// The README says adding a collector touches its folder, its facts file (composed in
// catalog/schema/facts.ts), one registry line, and the generated schemas and docs. This adds a
// throwaway collector to a copy of the repository one piece at a time and runs the contract tests
// there: each missing piece must make them fail, and all of them together must make them pass.
import { spawnSync } from 'node:child_process';
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT, tempDirectory, writeTree } from '../support/temp.ts';

const SKIPPED = new Set(['node_modules', '.git', 'dist', 'build', '.shipshape', 'test-results', 'catalog/services', 'test/fixtures']);
const FACTS = "z.strictObject({ rotation: z.string().nullable().meta({ description: 'The rotation paged for the service.' }) }).meta({ description: 'Facts from the pager export (collector `pager-export`).' })";

let copy: string;

function contracts(): { status: number | null; output: string } {
	const result = spawnSync(process.execPath, [path.join(copy, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/vitest.config.ts', 'test/contracts/registry.test.ts', 'test/contracts/schema-drift.test.ts', 'test/contracts/docs-parity.test.ts'], {
		cwd: copy,
		encoding: 'utf8',
		// A clean environment for the inner Vitest: none of the outer run's own variables.
		env: Object.fromEntries(Object.entries({ ...process.env, FORCE_COLOR: '0' }).filter(([name]) => !/^(VITEST|SHIPSHAPE_TEST_TMP|NODE_OPTIONS$|TEST$)/.test(name))),
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
	copy = await tempDirectory('add-collector-');
	await cp(PROJECT_ROOT, copy, { recursive: true, filter: (source) => !SKIPPED.has(path.relative(PROJECT_ROOT, source)) });
	await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
}, 60_000);

it('catches each missing piece of a new collector, and passes once all are there', async () => {
	const edit = async (file: string, from: string, to: string) => {
		const text = await readFile(path.join(copy, file), 'utf8');
		expect(text, file).toContain(from);
		await writeFile(path.join(copy, file), text.replace(from, to));
	};

	// 1. Only its folder.
	await writeTree(copy, {
		'collectors/pager-export/README.md': '# pager-export\n\nReads the pager export. Facts: `pager-export.rotation`.\n',
		'collectors/pager-export/index.ts': `import { z } from 'zod';\nimport { defineCollector } from '../types.ts';\n\nexport const pagerExportCollector = defineCollector({\n\tid: 'pager-export',\n\tversion: 1,\n\tdescription: 'Rotations from the pager export.',\n\tsource: 'the pager export',\n\thowToEnable: 'Export the rotations.',\n\tfacts: ${FACTS},\n\tasync collect() {\n\t\treturn { facts: new Map(), problems: [] };\n\t},\n});\n`,
	});
	const folderOnly = contracts();

	// 2. Plus its registry line.
	await edit('collectors/index.ts', "import { repoFilesCollector }", "import { pagerExportCollector } from './pager-export/index.ts';\nimport { repoFilesCollector }");
	await edit('collectors/index.ts', '\trepoFilesCollector,', '\tpagerExportCollector,\n\trepoFilesCollector,');
	const registered = contracts();

	// 3. Plus its facts file, composed under its id.
	await writeFile(path.join(copy, 'catalog/schema/facts/pager-export.ts'), `import { z } from 'zod';\n\nexport const PagerExportFacts = ${FACTS};\nexport type PagerExportFacts = z.infer<typeof PagerExportFacts>;\n`);
	await edit('collectors/pager-export/index.ts', `facts: ${FACTS},`, 'facts: PagerExportFacts,');
	await edit('collectors/pager-export/index.ts', "import { z } from 'zod';\n", "import { PagerExportFacts } from '../../catalog/schema/facts/pager-export.ts';\n");
	await edit('catalog/schema/facts.ts', "import { RepoFilesFacts } from './facts/repo-files.ts';", "import { PagerExportFacts } from './facts/pager-export.ts';\nimport { RepoFilesFacts } from './facts/repo-files.ts';");
	await edit('catalog/schema/facts.ts', "export * from './facts/repo-files.ts';", "export * from './facts/pager-export.ts';\nexport * from './facts/repo-files.ts';");
	await edit('catalog/schema/facts.ts', "\t\t'repo-files': RepoFilesFacts.optional(),", "\t\t'pager-export': PagerExportFacts.optional(),\n\t\t'repo-files': RepoFilesFacts.optional(),");
	const composed = contracts();

	// 4. Plus the generated JSON Schemas and docs.
	const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: copy, encoding: 'utf8' });
	expect(node(['src/lib/schemas/export.ts']).status).toBe(0);
	const docs = node(['src/cli/shipshape.mjs', 'docs', '--section', 'collectors']);
	await writeFile(path.join(copy, 'collectors/README.md'), docs.stdout);
	const complete = contracts();

	expect(folderOnly.status, folderOnly.output).toBe(1);
	expect(folderOnly.output).toMatch(/lists exactly the collector folders/);
	expect(registered.status, registered.output).toBe(1);
	expect(registered.output).toMatch(/gives every collector one facts file/);
	expect(composed.status, composed.output).toBe(1);
	expect(composed.output).toMatch(/schema-drift[\s\S]*facts\.schema\.json|facts\.schema\.json[\s\S]*schema-drift/);
	expect(composed.output).toMatch(/collectors\/README\.md is the current generated docs/);
	expect(complete.status, complete.output).toBe(0);
}, 180_000);
