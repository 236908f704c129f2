// `shipshape lint` on a copy of the sample catalog with one of each data-quality problem planted:
// its three formats as golden files, and its exit codes as a pull-request gate uses them.
// After an intended change of output: UPDATE_GOLDEN=1 npm test, then review the diff.
import { expectGolden } from '../support/golden.ts';
import { spawnSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const GOLDEN = path.join(PROJECT_ROOT, 'test/cli/golden');
let work: string;

function lint(args: string[]) {
	const result = spawnSync(process.execPath, [BIN, 'lint', '--catalog', 'catalog', ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function edit(file: string, change: (record: Record<string, unknown>) => Record<string, unknown>) {
	const target = path.join(work, 'catalog', file);
	await writeFile(target, JSON.stringify(change(JSON.parse(await readFile(target, 'utf8'))), null, 2));
}

beforeAll(async () => {
	work = await tempDirectory('lint-');
	await cp(path.join(PROJECT_ROOT, 'catalog'), path.join(work, 'catalog'), { recursive: true });
	await edit('services/notifications.json', (record) => ({ ...record, tier: null }));
	await edit('services/image-resizer.json', (record) => ({ ...record, owner: 'image-team' }));
	await edit('services/checkout-web.json', (record) => ({ ...record, dependsOn: [...(record.dependsOn as string[]), 'sessions'] }));
	await edit('services/search-indexer.json', (record) => ({ ...record, aliases: [...(record.aliases as string[]), 'checkout'] }));
	await writeFile(path.join(work, 'catalog/teams/legacy.json'), JSON.stringify({ id: 'legacy', name: 'Legacy', description: null, members: [], aliases: [], services: [] }));
});

describe('shipshape lint', () => {
	it.each<[string, string]>([
		['text', 'lint.txt'],
		['json', 'lint.json'],
		['github', 'lint.github.txt'],
	])('--format %s matches its golden file and exits 0 with warnings only', async (format, golden) => {
		const result = lint(['--format', format]);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		await expectGolden(result.stdout, path.join(GOLDEN, golden));
	});

	it('exits 1 when a rule set to error fails, and annotates it as an error', async () => {
		await writeFile(path.join(work, 'strict.yaml'), 'catalog: catalog\nquality:\n  rules:\n    service-has-tier: error\n    team-has-services: off\n');
		const result = lint(['--config', 'strict.yaml', '--format', 'github']);
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('::error file=services/notifications/opslevel.yml,line=1,title=shipshape service-has-tier::notifications has no tier.');
		expect(result.stdout).not.toContain('team-has-services');
	});

	it('refuses a rule that does not exist, naming the rules that do', async () => {
		await writeFile(path.join(work, 'typo.yaml'), 'catalog: catalog\nquality:\n  rules:\n    service-has-teir: error\n');
		const result = lint(['--config', 'typo.yaml']);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/quality\.rules: no rule "service-has-teir"; the rules are alias-unique, .*service-has-tier/);
	});
});
