// A team that owns nothing: renamed, merged, or a typo in someone's owner field.
import type { QualityRule } from '../model.ts';

export const teamHasServices: QualityRule = {
	id: 'team-has-services',
	description: 'Every team owns at least one service.',
	fix: 'Remove the team from `teams:`, or make it the owner of its services.',
	defaultSeverity: 'warning',
	check: ({ teams }) => teams.filter((team) => team.services.length === 0).map((team) => ({ subject: { kind: 'team', id: team.id }, message: `team ${team.id} owns no service.`, file: null, line: null })),
};
