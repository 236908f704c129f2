// Catalog data-quality rules, one row per rule that fires and one that does not.
import { describe, expect, it } from 'vitest';
import type { Domain, System } from '../../catalog/schema/system.ts';
import type { Team } from '../../catalog/schema/team.ts';
import { checkQuality, QUALITY_RULES, qualityByTeam, type QualityCatalog } from '../../src/lib/quality/index.ts';
import { buildService } from '../support/facts.ts';

const complete = { description: 'Takes payments.', lifecycle: 'production', tier: 1, owner: 'payments', declaredIn: { file: 'svc/service.yaml', line: 1 }, facts: { 'repo-files': { languages: [{ name: 'Go', bytes: 10, share: 1 }], dockerfiles: [], packages: [] } } as never };
const team = (id: string, services: string[], extra: Partial<Team> = {}): Team => ({ id, name: id, description: null, members: [], aliases: [], services, ...extra });
const system = (id: string, services: string[], declared = true, domain: string | null = null): System => ({ id, name: id, description: null, owner: null, domain, services, evidence: declared ? [{ file: 'catalog-info.yaml', line: 3, detail: 'declared in catalog-info.yaml' }] : [{ file: 'svc/service.yaml', detail: 'svc names system' }] });

function catalog(parts: Partial<QualityCatalog>): QualityCatalog {
	return { services: [buildService({ ...complete, id: 'svc' })], teams: [team('payments', ['svc'])], systems: [], domains: [], ...parts };
}

describe('data-quality rules', () => {
	it('finds nothing in a complete catalog', () => {
		expect(checkQuality(catalog({})).findings).toEqual([]);
	});

	it.each<[string, Partial<QualityCatalog>, string]>([
		['service-has-tier', { services: [buildService({ ...complete, tier: null })] }, 'svc has no tier.'],
		['service-has-lifecycle', { services: [buildService({ ...complete, lifecycle: null })] }, 'svc has no lifecycle.'],
		['service-has-description', { services: [buildService({ ...complete, description: '  ' })] }, 'svc has no description.'],
		['service-has-owner', { services: [buildService({ ...complete, owner: null, registered: false, declaredIn: null })], teams: [team('payments', ['x'])] }, 'svc has no owner (and no descriptor).'],
		['owner-is-known', { services: [buildService({ ...complete, owner: 'paymnets' })] }, 'svc is owned by "paymnets", which is no known team or team member.'],
		['refs-resolve', { services: [buildService({ ...complete, dependsOn: ['ledger'] })] }, 'svc depends on "ledger", which is no service in the catalog.'],
		['refs-resolve', { services: [buildService({ ...complete, system: 'shop' })], systems: [system('shop', ['svc'], false)] }, 'svc names system "shop", which nothing declares.'],
		['refs-resolve', { systems: [system('shop', ['svc'], true, 'commerce')], domains: [{ id: 'commerce', name: 'commerce', description: null, owner: null, services: ['svc'], systems: ['shop'], evidence: [{ file: 'shipshape.config.yaml', detail: 'named by system shop' }] } satisfies Domain] }, 'system shop names domain "commerce", which nothing declares.'],
		['alias-unique', { services: [buildService({ ...complete, id: 'svc', aliases: ['api'] }), buildService({ ...complete, id: 'api2', aliases: ['api'] })], teams: [team('payments', ['svc', 'api2'])] }, 'api2 has the alias "api", which svc also answers to.'],
		['descriptor-has-code', { services: [buildService({ ...complete, facts: { 'repo-files': { languages: [], dockerfiles: [], packages: [] } } as never })] }, 'svc is declared at services/svc, which holds no code, Dockerfile or package manifest.'],
		['descriptors-agree', { services: [buildService({ ...complete, disagreements: [{ field: 'owner', kept: { file: 'svc/service.yaml', value: 'payments' }, other: { file: 'svc/catalog-info.yaml', value: 'billing' } }] })] }, 'svc: svc/service.yaml says owner "payments", svc/catalog-info.yaml says "billing".'],
		['team-has-services', { teams: [team('payments', ['svc']), team('legacy', [])] }, 'team legacy owns no service.'],
	])('%s: %s', (rule, parts, message) => {
		const { findings } = checkQuality(catalog(parts));
		expect(findings.filter((finding) => finding.rule === rule).map((finding) => finding.message)).toContain(message);
	});

	it('points a finding at the descriptor and names the team that should fix it', () => {
		const { findings } = checkQuality(catalog({ services: [buildService({ ...complete, tier: null, declaredIn: { file: 'services/svc/catalog-info.yaml', line: 4 } })] }));
		expect(findings).toEqual([{ rule: 'service-has-tier', severity: 'warning', team: 'payments', subject: { kind: 'service', id: 'svc' }, message: 'svc has no tier.', file: 'services/svc/catalog-info.yaml', line: 4 }]);
	});

	it('applies the configured severities, and skips rules turned off', () => {
		const report = checkQuality(catalog({ services: [buildService({ ...complete, tier: null, lifecycle: null })] }), { 'service-has-tier': 'error', 'service-has-lifecycle': 'off' });
		expect(report.findings.map(({ rule, severity }) => [rule, severity])).toEqual([['service-has-tier', 'error']]);
		expect(report.rules.find((rule) => rule.id === 'service-has-lifecycle')?.severity).toBe('off');
	});

	it('gives each team its findings and the completeness of its services’ fields', () => {
		const parts = { services: [buildService({ ...complete, id: 'a', tier: null }), buildService({ ...complete, id: 'b', tier: null, lifecycle: null })], teams: [team('payments', ['a', 'b'])] };
		expect(qualityByTeam(catalog(parts), checkQuality(catalog(parts)))).toEqual([{ team: 'payments', services: 2, findings: 3, completeness: 63 }]);
	});

	it('has one rule per file, each with an id, a description and a fix', () => {
		for (const rule of QUALITY_RULES) expect([rule.id, rule.description.length > 10, rule.fix.length > 10]).toEqual([rule.id, true, true]);
		expect(new Set(QUALITY_RULES.map((rule) => rule.id)).size).toBe(QUALITY_RULES.length);
	});
});
