// The data-quality library's vocabulary. Like the scoring library, pure: a catalog in, findings out.
import type { Service } from '../../../catalog/schema/service.ts';
import type { Domain, System } from '../../../catalog/schema/system.ts';
import type { Team } from '../../../catalog/schema/team.ts';

export interface QualityCatalog {
	services: readonly Service[];
	teams: readonly Team[];
	systems: readonly System[];
	domains: readonly Domain[];
}

export interface RuleFinding {
	subject: { kind: 'service' | 'team' | 'system' | 'domain'; id: string };
	message: string;
	file: string | null;
	line: number | null;
}

export interface QualityRule {
	id: string;
	description: string;
	/** How to fix a finding of this rule, in one sentence. */
	fix: string;
	defaultSeverity: 'warning' | 'error';
	check(catalog: QualityCatalog): RuleFinding[];
}

/** Where a service is declared (its descriptor), for annotations; null for inferred services. */
export function declaredAt(service: Service): { file: string | null; line: number | null } {
	return { file: service.declaredIn?.file ?? null, line: service.declaredIn?.line ?? null };
}
