// Unmeasured is not failed, and says so: which sources measured nothing, the message of the checks
// they leave unknown, and whether unknown blocks a level (scoring.unknown).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogMeta } from '../../catalog/schema/meta.ts';
import { loadRubric } from '../../src/lib/report/load-rubric.ts';
import { EVALUATORS_BY_NAME } from '../../src/lib/scoring/evaluators/index.ts';
import { computeLevel } from '../../src/lib/scoring/levels.ts';
import type { Finding } from '../../src/lib/scoring/model.ts';
import { scoreCatalog } from '../../src/lib/scoring/score.ts';
import { notMeasuredMessage, unmeasuredSources } from '../../src/lib/scoring/unmeasured.ts';
import { buildService } from '../support/facts.ts';
import { PROJECT_ROOT } from '../support/temp.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const status = (id: string, state: 'ok' | 'skipped' | 'failed', reason: string | null = null) => ({ id, version: 1, status: state, reason, source: `${id} source`, howToEnable: `Enable ${id}.` });
const meta = (...collectors: CatalogMeta['collectors']): CatalogMeta => ({ collectedAt: NOW.toISOString(), collectors });

describe('unmeasuredSources', () => {
	it.each<[string, CatalogMeta, Record<string, unknown>[], string[]]>([
		['a skipped collector', meta(status('terraform-state', 'skipped', 'no inventory directory is configured')), [{}], ['terraform-state: no inventory directory is configured']],
		['a failed collector', meta(status('github', 'failed', 'HTTP 500 from api.github.com')), [{ github: { unavailable: {} } }], ['github: HTTP 500 from api.github.com']],
		['one that ran and found nothing for any service', meta(status('k8s-manifests', 'ok')), [{}, {}], ['k8s-manifests: it found nothing to read']],
		['one whose every record says it could not run', meta(status('github', 'ok')), [{ github: { unavailable: { '*': 'no GITHUB_TOKEN' } } }], ['github: no GITHUB_TOKEN']],
		['one that measured some services', meta(status('k8s-manifests', 'ok')), [{ 'k8s-manifests': { workloads: [] } }, {}], []],
		['one that ran for some services only', meta(status('github', 'ok')), [{ github: { unavailable: { '*': 'no GITHUB_TOKEN' } } }, { github: { unavailable: {} } }], []],
		['no meta.json at all', null as unknown as CatalogMeta, [{}], []],
	])('%s', (_name, collected, facts, expected) => {
		const services = facts.map((entry, index) => buildService({ id: `svc-${index}`, facts: entry as never }));

		expect(unmeasuredSources(collected, services).map((source) => `${source.namespace}: ${source.reason}`)).toEqual(expected);
	});
});

describe('notMeasuredMessage', () => {
	it('names sources that share a reason together, and each hint once', () => {
		const message = notMeasuredMessage([
			{ source: 'Terraform state', reason: 'no inventory directory is configured', howToEnable: 'Set inventory.' },
			{ source: 'AWS exports', reason: 'no inventory directory is configured', howToEnable: 'Set inventory.' },
			{ source: 'Kubernetes manifests', reason: 'it found nothing to read', howToEnable: 'Commit manifests.' },
		]);

		expect(message).toBe('Not measured: nothing was read from Terraform state or AWS exports (no inventory directory is configured); nothing was read from Kubernetes manifests (it found nothing to read). Set inventory. Commit manifests.');
	});
});

describe('scoring a catalog with a source that measured nothing', () => {
	const terraformSkipped = { namespace: 'terraform-state', source: 'Terraform state', reason: 'no inventory directory is configured', howToEnable: 'Put state files in the inventory directory.' };
	const awsSkipped = { ...terraformSkipped, namespace: 'aws-inventory', source: 'AWS exports' };

	it('makes the checks that need it unknown with the reason and the way to enable it, never fail', async () => {
		const rubric = await loadRubric(path.join(PROJECT_ROOT, 'rubrics'), EVALUATORS_BY_NAME);
		const service = buildService({ facts: { descriptor: { format: 'service.yaml', runbookUrl: null, storesPii: false } } as never });

		const scores = scoreCatalog({ services: [service], teams: [], rubric, evaluators: EVALUATORS_BY_NAME, now: NOW, notMeasured: new Map([['terraform-state', terraformSkipped], ['aws-inventory', awsSkipped]]) });

		expect(scores.services[0]!.checks.find((check) => check.checkId === 'backups-enabled')).toMatchObject({ outcome: 'unknown', message: 'Not measured: nothing was read from Terraform state or AWS exports (no inventory directory is configured). Put state files in the inventory directory.' });
		expect(scores.services[0]!.checks.find((check) => check.checkId === 'has-runbook')).toMatchObject({ outcome: 'fail' });
	});

	it('says "data missing" when the source measured other services but not this one', async () => {
		const rubric = await loadRubric(path.join(PROJECT_ROOT, 'rubrics'), EVALUATORS_BY_NAME);

		const scores = scoreCatalog({ services: [buildService()], teams: [], rubric, evaluators: EVALUATORS_BY_NAME, now: NOW });

		expect(scores.services[0]!.checks.find((check) => check.checkId === 'backups-enabled')!.message).toMatch(/^Data missing: /);
	});
});

describe('scoring.unknown', () => {
	const finding = (level: string, outcome: Finding['outcome'], checkId = `${level}-${outcome}`): Finding => ({ checkId, evaluator: null, messageId: 'met', level, category: 'reliability', outcome, message: '', evidence: [] });

	it.each<[string, Finding[], 'blocks' | 'ignored', string | null]>([
		['unknown blocks by default', [finding('bronze', 'pass'), finding('silver', 'unknown')], 'blocks', 'bronze'],
		['ignored lets unknown through', [finding('bronze', 'pass'), finding('silver', 'unknown')], 'ignored', 'gold'],
		['ignored still stops at a failure', [finding('bronze', 'unknown'), finding('silver', 'fail')], 'ignored', 'bronze'],
		['ignored still stops at an error', [finding('bronze', 'error')], 'ignored', null],
	])('%s', (_name, findings, policy, achieved) => {
		expect(computeLevel(findings, ['bronze', 'silver', 'gold'], policy).achieved).toBe(achieved);
	});
});
