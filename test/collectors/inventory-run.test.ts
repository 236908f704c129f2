// Inventory collection end to end on bad input: nothing crashes, every problem names its file,
// nothing secret is copied, and evidence that cannot be read is never a silent pass.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCollection } from '../../collectors/run.ts';
import type { Logger } from '../../collectors/types.ts';
import { resolveSettings } from '../../src/lib/config/load.ts';
import { EVALUATORS_BY_NAME } from '../../src/lib/scoring/evaluators/index.ts';
import { scoreCatalog } from '../../src/lib/scoring/score.ts';
import { loadCatalog } from '../../src/lib/report/load-catalog.ts';
import { loadRubric } from '../../src/lib/report/load-rubric.ts';
import { PROJECT_ROOT, tempDirectory, writeTree } from '../support/temp.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const silent: Logger = { info() {}, warn() {}, progress() {} };
const SECRET = 'sup3r-s3cret-from-state';

const state = (resources: unknown[]) => JSON.stringify({ version: 4, terraform_version: '1.8.0', serial: 1, lineage: 'x', outputs: {}, resources });
const db = (name: string, attributes: Record<string, unknown>) => ({ mode: 'managed', type: 'aws_db_instance', name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 2, attributes: { password: SECRET, ...attributes } }] });

describe('collecting a bad inventory', () => {
	let catalog: string;
	let everything: string;

	beforeAll(async () => {
		const work = await tempDirectory('inventory-');
		await writeTree(work, {
			'repo/api/service.yaml': 'name: api\nowner: team-a\n',
			'repo/api/main.go': 'package main\n',
			'repo/worker/service.yaml': 'name: worker\nowner: team-a\n',
			'repo/worker/main.go': 'package main\n',
			'inventory/prod.tfstate': state([db('api', { backup_retention_period: 7, storage_encrypted: true, tags: { service: 'api' } }), db('worker', { tags: [] })]),
			'inventory/copy/prod.tfstate.backup': state([db('api', { backup_retention_period: 7, storage_encrypted: true, tags: { service: 'api' } })]),
			'inventory/worker.tfstate': state([db('worker_db', { tags: { service: 'worker' } })]),
			'inventory/truncated.tfstate': `{"version": 4, "resources": [{"type": "aws_db_instance", "instances": [{"attributes": {"password": "${SECRET}"`,
			'inventory/old.tfstate': JSON.stringify({ version: 3, modules: [{ path: ['root'], resources: {} }] }),
			'inventory/aws/tagging-bad.json': '{ "ResourceTagMappingList": [ {',
			// What a failed `kubectl get … -o json > dump.json` in CI leaves behind.
			'inventory/kubectl/deployments.json': 'error: You must be logged in to the server (Unauthorized)\n',
			'inventory/kubectl/empty.json': '',
			'inventory/notes.yaml': 'owner: platform\nreviewed: 2026-11-01\n',
			'inventory/network.tfstate': state([
				{ mode: 'managed', type: 'aws_security_group', name: 'api', instances: [{ schema_version: 1, attributes: { id: 'sg-0api', name: 'api', tags: { service: 'api' } } }] },
				{ mode: 'managed', type: 'aws_db_instance', name: 'ghost', instances: [{ schema_version: 2, attributes_flat: { id: 'ghost' } }] },
			]),
			'repo/deploy/bomb.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nspec: { template: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e] }\n`,
		});
		catalog = path.join(work, 'catalog');
		const settings = await resolveSettings({ repo: path.join(work, 'repo'), inventory: path.join(work, 'inventory'), catalog }, work);
		await runCollection(settings, { now: NOW, log: silent });
		everything = [await readFile(path.join(catalog, 'discovery.json'), 'utf8'), await readFile(path.join(catalog, 'services/api.json'), 'utf8'), await readFile(path.join(catalog, 'services/worker.json'), 'utf8')].join('\n');
	});

	it('reports each unreadable file with its name and what is wrong, and goes on', async () => {
		const discovery = JSON.parse(await readFile(path.join(catalog, 'discovery.json'), 'utf8'));

		expect(discovery.errors).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ collector: 'terraform-state', file: 'inventory/truncated.tfstate', message: expect.stringMatching(/^invalid JSON \(truncated or not a state file\)/) }),
				expect.objectContaining({ collector: 'terraform-state', file: 'inventory/old.tfstate', message: expect.stringMatching(/format v3 is not supported/) }),
				expect.objectContaining({ collector: 'aws-inventory', file: 'inventory/aws/tagging-bad.json' }),
			]),
		);
	});

	it.each<[string, string, RegExp]>([
		['a kubectl dump that holds an error message', 'inventory/kubectl/deployments.json', /^not JSON: it starts with "error: You must be logged in to the server \(Unauthorized\)" \(an error message saved in place of the export\?\); re-export it/],
		['an empty export', 'inventory/kubectl/empty.json', /^the file is empty; re-export it/],
		['a YAML file that is no export', 'inventory/notes.yaml', /^not a format Shipshape reads \(Terraform state, a kubectl dump or manifest, an AWS tagging or Config export\)/],
		['a Terraform resource without attributes', 'inventory/network.tfstate', /^aws_db_instance\.ghost has no attributes \(an old or partial state\?\)/],
		['a manifest that is an alias bomb', 'deploy/bomb.yaml', /YAML aliases expand this document .*\(an alias bomb\?\); it was not read/],
	])('names %s, never dropping it silently', async (_name, file, message) => {
		const discovery = JSON.parse(await readFile(path.join(catalog, 'discovery.json'), 'utf8'));

		expect(discovery.errors.filter((error: { file: string }) => error.file === file).map((error: { message: string }) => error.message)).toEqual([expect.stringMatching(message)]);
	});

	it('makes a security group without recorded ingress rules unknown, with its file, never a pass', async () => {
		const [loaded, rubric] = await Promise.all([loadCatalog(catalog), loadRubric(path.join(PROJECT_ROOT, 'rubrics'), EVALUATORS_BY_NAME)]);

		const scores = scoreCatalog({ services: loaded.services, teams: loaded.teams, rubric, evaluators: EVALUATORS_BY_NAME, now: NOW });

		const api = scores.services.find((service) => service.id === 'api')!;
		expect(api.checks.find((check) => check.checkId === 'uses-approved-security-groups')).toMatchObject({
			outcome: 'unknown',
			evidence: [{ resource: 'aws_security_group.api', file: 'inventory/network.tfstate', detail: 'api: ingress rules missing from the inventory' }],
		});
	});

	it('never copies secrets from state files, not even from a parse error', () => {
		expect(everything).not.toContain(SECRET);
	});

	it('counts a resource found in two state files once', async () => {
		const api = JSON.parse(await readFile(path.join(catalog, 'services/api.json'), 'utf8'));

		expect(api.facts['terraform-state'].datastores).toHaveLength(1);
	});

	it('makes a check unknown, never a silent pass, when the attributes it needs are missing', async () => {
		const [loaded, rubric] = await Promise.all([loadCatalog(catalog), loadRubric(path.join(PROJECT_ROOT, 'rubrics'), EVALUATORS_BY_NAME)]);

		const scores = scoreCatalog({ services: loaded.services, teams: loaded.teams, rubric, evaluators: EVALUATORS_BY_NAME, now: NOW });

		const worker = scores.services.find((service) => service.id === 'worker')!;
		expect(worker.checks.find((check) => check.checkId === 'backups-enabled')).toMatchObject({ outcome: 'unknown', evidence: [expect.objectContaining({ resource: 'aws_db_instance.worker_db' })] });
	});
});
