// An owner that names nobody: not a team (id or alias) and not a member of any team.
import { declaredAt, type QualityRule } from '../model.ts';

export const ownerIsKnown: QualityRule = {
	id: 'owner-is-known',
	description: 'Every owner is a known team (or a member of one).',
	fix: 'Use a team id (or alias) that `teams:`, a Backstage Group or CODEOWNERS knows, or add the team.',
	defaultSeverity: 'warning',
	check: ({ services, teams }) => {
		const known = new Set(teams.flatMap((team) => [team.id, ...team.aliases, ...team.members]));
		return services
			.filter((service) => service.owner !== null && !known.has(service.owner))
			.map((service) => ({ subject: { kind: 'service', id: service.id }, message: `${service.id} is owned by "${service.owner}", which is no known team or team member.`, ...declaredAt(service) }));
	},
};
