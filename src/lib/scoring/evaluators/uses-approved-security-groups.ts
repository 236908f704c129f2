import { z } from 'zod';
import type { TerraformStateFacts } from '../../../../catalog/schema/facts.ts';
import { defineEvaluator } from '../model.ts';
import { judgeAll } from './judge-all.ts';

const GROUP_SOURCES = ['terraform-state.securityGroups', 'aws-inventory.securityGroups'] as const;

export const usesApprovedSecurityGroups = defineEvaluator({
	meta: {
		name: 'uses-approved-security-groups',
		description: 'No security group of the service admits the internet (0.0.0.0/0 or ::/0) except on the allowed ports, and, when approved groups are listed, only those are used.',
		requires: [],
		requiresAny: GROUP_SOURCES,
		options: z.strictObject({
			allowedPorts: z.array(z.number().int().min(0).max(65535)).default([80, 443]).meta({ description: 'Ports that may be open to the internet.' }),
			approvedGroups: z.array(z.string()).default([]).meta({ description: 'Security group ids or names allowed; empty means any.' }),
		}),
		messages: {
			none: 'The service has no security group in the collected inventory.',
			failing: '{{failing}} of {{total}} security groups are too open or not approved: {{names}}.',
			undetermined: 'The rules of {{undetermined}} of {{total}} security groups could not be read: {{names}}.',
			passing: 'All {{total}} security groups only admit the internet on allowed ports.',
		},
	},
	evaluate({ facts, options }) {
		const seen = new Set<string>();
		const groups = GROUP_SOURCES.flatMap((path) => (facts.get(path) as TerraformStateFacts['securityGroups'] | undefined) ?? []).filter((group) => !seen.has(group.id) && seen.add(group.id));
		return judgeAll(
			groups.map((group) => {
				if (group.openIngress === null) return { ok: null, evidence: { resource: group.address, file: group.file, detail: `${group.name}: ingress rules missing from the inventory` } };
				const open = group.openIngress.filter((rule) => !(rule.fromPort === rule.toPort && options.allowedPorts.includes(rule.fromPort)));
				const unapproved = options.approvedGroups.length > 0 && !options.approvedGroups.includes(group.id) && !options.approvedGroups.includes(group.name);
				const problems = [...open.map((rule) => `${rule.cidr} on ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}/${rule.protocol}`), ...(unapproved ? ['not an approved group'] : [])];
				return { ok: problems.length === 0, evidence: { resource: group.address, file: group.file, detail: problems.length === 0 ? `${group.name}: internet only on allowed ports` : `${group.name}: ${problems.join('; ')}` } };
			}),
		);
	},
});
