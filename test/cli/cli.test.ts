// The CLI contract, exercised as users' pipelines do: the bin file run as a real process.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';

const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const NOW = '2026-12-01T00:00:00Z';

function shipshape(args: string[], cwd = PROJECT_ROOT, node = process.execPath) {
	const result = spawnSync(node, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let catalog: string;

beforeAll(async () => {
	catalog = await tempDirectory('cli-catalog-');
	await cp(path.join(PROJECT_ROOT, 'catalog'), catalog, { recursive: true });
});

describe('shipshape check (the CI gate)', () => {
	it.each<[string, string, number, RegExp]>([
		['payments-api', 'gold', 0, /payments-api is gold, at or above gold/],
		['checkout-web', 'silver', 0, /at or above silver/],
		['checkout-web', 'gold', 1, /below gold\. 2 check\(s\) block it:\n {2}- deployed-recently \(gold, fail\)[^\n]*\n {2}- runs-as-non-root \(gold, fail\)/],
		['ledger', 'bronze', 1, /ledger is below every level, below bronze/],
		['orders-service', 'gold', 1, /has-tests \(silver, fail\)/],
	])('%s at --min-level %s exits %i', (service, level, status, output) => {
		const result = shipshape(['check', '--service', service, '--min-level', level, '--catalog', catalog, '--now', NOW]);

		expect(result.status).toBe(status);
		expect(result.stdout).toMatch(output);
	});

	it.each<[string, string[], RegExp]>([
		['an unknown service', ['--service', 'nope', '--min-level', 'bronze'], /--service "nope" is not in the catalog/],
		['an unknown level', ['--service', 'ledger', '--min-level', 'platinum'], /--min-level "platinum" is not a level of this rubric; use one of bronze, silver, gold/],
		['a missing option', ['--service', 'ledger'], /required option '--min-level <level>' not specified/],
		['an unreadable catalog', ['--service', 'ledger', '--min-level', 'bronze', '--catalog', '/nonexistent'], /cannot read \(ENOENT\); run `shipshape collect`/],
		['an unreadable rubric', ['--service', 'ledger', '--min-level', 'bronze', '--rubric', '/nonexistent'], /The rubric in \/nonexistent has/],
		['a bad --now', ['--service', 'ledger', '--min-level', 'bronze', '--now', 'soon'], /--now "soon" is not an ISO date/],
	])('exits 2 on %s', (_name, args, message) => {
		const result = shipshape(['check', '--catalog', catalog, ...args]);

		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(message);
	});

	it.each<[string, string, number, RegExp]>([
		['shop', 'silver', 0, /^shop is silver: all 1 of its services are at or above silver\.\n$/],
		['fulfilment', 'bronze', 0, /fulfilment is bronze: all 2 of its services are at or above bronze/],
		['fulfilment', 'silver', 1, /fulfilment is bronze, below silver: 1 of its 2 services is below it\.\n {2}orders-service is bronze:\n {4}- /],
		['payments', 'bronze', 1, /payments is below every level, below bronze: 1 of its 2 services is below it\.\n {2}ledger is below every level:\n {4}- backups-enabled \(bronze, fail\)/],
	])('--system %s at --min-level %s exits %i: every service of the system must reach it', (system, level, status, output) => {
		const result = shipshape(['check', '--system', system, '--min-level', level, '--catalog', catalog, '--now', NOW]);

		expect(result.status).toBe(status);
		expect(result.stdout).toMatch(output);
	});

	it.each<[string, string[], RegExp]>([
		['an unknown system', ['--system', 'nope', '--min-level', 'bronze'], /--system "nope" is not in the catalog; the catalog's systems are fulfilment, payments, shop/],
		['both --service and --system', ['--system', 'shop', '--service', 'ledger', '--min-level', 'bronze'], /give either --service ID or --system ID/],
		['neither', ['--min-level', 'bronze'], /give either --service ID or --system ID/],
	])('exits 2 on %s', (_name, args, message) => {
		const result = shipshape(['check', '--catalog', catalog, ...args]);

		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(message);
	});

	it('prints a system gate as JSON with each service', () => {
		const result = shipshape(['check', '--system', 'payments', '--min-level', 'gold', '--catalog', catalog, '--format', 'json', '--now', NOW]);

		expect(result.status).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({ system: 'payments', level: null, minLevel: 'gold', passed: false, services: [{ service: 'ledger', level: null, passed: false }, { service: 'payments-api', level: 'gold', passed: true, blocking: [] }] });
	});

	it('prints the blocking checks as JSON with --format json', () => {
		const result = shipshape(['check', '--service', 'ledger', '--min-level', 'bronze', '--catalog', catalog, '--format', 'json']);

		expect(result.status).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({ service: 'ledger', level: null, minLevel: 'bronze', passed: false, blocking: [{ id: 'backups-enabled' }, { id: 'encrypted-at-rest' }, { id: 'logs-shipped-to-elk' }] });
	});
});

describe('shipshape score', () => {
	it('prints the documented JSON shape', () => {
		const result = shipshape(['score', '--format', 'json', '--catalog', catalog, '--now', NOW]);

		const output = JSON.parse(result.stdout);
		expect(result.status).toBe(0);
		expect(output.rubricVersion).toMatch(/^[0-9a-f]{12}$/);
		expect(Object.keys(output.services[0])).toEqual(['id', 'level', 'score', 'checks']);
		// Extended, never renamed: which evaluator judged it and which of its messages it said came last.
		expect(Object.keys(output.services[0].checks[0])).toEqual(['id', 'level', 'category', 'outcome', 'message', 'evidence', 'evaluator', 'messageId']);
		expect(output.teams.map((team: { id: string }) => team.id)).toEqual(['fulfilment', 'payments', 'storefront']);
	});

	it('prints a table by default, one row per service', () => {
		const result = shipshape(['score', '--catalog', catalog, '--now', NOW]);

		expect(result.stdout.split('\n')[0]).toMatch(/^SERVICE\s+LEVEL\s+SCORE\s+NEXT$/);
		expect(result.stdout).toMatch(/^ledger\s+none\s+29\s+3 to bronze$/m);
	});
});

describe('shipshape collect', () => {
	it('works from another directory (the user monorepo) with the bin run by its path', async () => {
		const monorepo = await tempDirectory('user-repo-');
		execFileSync('cp', ['-r', path.join(PROJECT_ROOT, 'test/fixtures/sample-org/monorepo/services/payments-api'), monorepo]);

		const result = shipshape(['collect', '--now', NOW], monorepo);

		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/Collected 1 services and 1 teams into catalog/);
		expect(JSON.parse(await readFile(path.join(monorepo, 'catalog/services/payments-api.json'), 'utf8'))).toMatchObject({ id: 'payments-api', language: 'Go' });
		const scored = shipshape(['score', '--format', 'json'], monorepo);
		expect(JSON.parse(scored.stdout).services[0].id).toBe('payments-api');
	});

	it('reads shipshape.config.yaml from the current directory and resolves its paths against it', async () => {
		const directory = await tempDirectory('configured-');
		await writeFile(path.join(directory, 'shipshape.config.yaml'), `repo: ${path.join(PROJECT_ROOT, 'test/fixtures/sample-org/monorepo')}\ncatalog: out/catalog\n`);

		const result = shipshape(['collect', '--now', NOW, '--quiet'], directory);

		expect(result.status).toBe(0);
		expect(existsSync(path.join(directory, 'out/catalog/services/ledger.json'))).toBe(true);
	});

	it('exits 2 with file, line and hint on a configuration error', async () => {
		const directory = await tempDirectory('bad-config-');
		await writeFile(path.join(directory, 'shipshape.config.yaml'), 'repo: .\ncatalgo: x\n');

		const result = shipshape(['collect'], directory);

		expect(result.status).toBe(2);
		expect(result.stderr).toContain(`${path.join(directory, 'shipshape.config.yaml')}:2:1: catalgo: Unrecognized key: "catalgo"`);
	});

	it('exits 2 naming the entry when a waiver names an unknown service or check, or has a bad date', async () => {
		const directory = await tempDirectory('bad-waivers-');
		await cp(catalog, path.join(directory, 'catalog'), { recursive: true });
		const entry = (service: string, check: string, expires: string) => `  - { service: ${service}, check: ${check}, reason: r, ticket: 'https://t.example/1', approver: a, expires: ${expires} }\n`;
		await writeFile(path.join(directory, 'catalog/waivers.yaml'), `waivers:\n${entry('ghost', 'has-owner', '2027-01-01')}${entry('ledger', 'no-such-check', '2027-01-01')}`);

		const unknown = shipshape(['score', '--catalog', path.join(directory, 'catalog'), '--now', NOW]);
		await writeFile(path.join(directory, 'catalog/waivers.yaml'), `waivers:\n${entry('ledger', 'has-owner', '2027-02-30')}`);
		const badDate = shipshape(['score', '--catalog', path.join(directory, 'catalog'), '--now', NOW]);

		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toContain('waivers.yaml: waivers[0].service: no service "ghost" in the catalog');
		expect(unknown.stderr).toContain('waivers.yaml: waivers[1].check: no check "no-such-check" in the rubric');
		expect(badDate.status).toBe(2);
		expect(badDate.stderr).toMatch(/waivers\.yaml:2:\d+: waivers\.0\.expires: Invalid ISO date/);
	});

	it('exits 2 when a goal or campaign names an unknown level or check', async () => {
		const directory = await tempDirectory('bad-goals-');
		await cp(catalog, path.join(directory, 'catalog'), { recursive: true });
		await writeFile(
			path.join(directory, 'shipshape.config.yaml'),
			'catalog: catalog\ngoals:\n  - { id: g, title: G, level: platinum, share: 0.5, due: 2027-01-01 }\ncampaigns:\n  - { id: c, title: C, checks: [nope], start: 2027-01-01, due: 2026-12-01 }\n',
		);

		const result = shipshape(['build', '--now', NOW, '--quiet'], directory);

		expect(result.status).toBe(2);
		expect(result.stderr).toContain('goals.g.level: "platinum" is not a level of the rubric');
		expect(result.stderr).toContain('campaigns.c.checks: no check "nope" in the rubric');
		expect(result.stderr).toContain('campaigns.c: due 2026-12-01 is before start 2027-01-01');
		expect(existsSync(path.join(directory, 'dist'))).toBe(false);
	});

	it('exits 0 on input errors, and 1 with --strict', async () => {
		const monorepo = await tempDirectory('strict-');
		await writeFile(path.join(monorepo, 'service.yaml'), 'name: x\nownr: y\n');

		expect(shipshape(['collect', '--quiet'], monorepo).status).toBe(0);
		expect(shipshape(['collect', '--quiet', '--strict'], monorepo).status).toBe(1);
	});
});

describe('the bin on an old Node', () => {
	const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => existsSync(candidate) && Number(execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' })) < 22);

	it.skipIf(systemNode === undefined)('re-runs itself on the pinned Node 24 instead of failing', () => {
		const result = shipshape(['check', '--service', 'payments-api', '--min-level', 'gold', '--catalog', catalog], PROJECT_ROOT, systemNode);

		expect(result.status).toBe(0);
	});
});
