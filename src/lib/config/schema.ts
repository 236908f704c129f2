// `shipshape.config.yaml`: the file users edit to point Shipshape at their monorepo. Strict, so a
// misspelt key fails with its line instead of being ignored.
import { z } from 'zod';
import { Id } from '../../../catalog/schema/common.ts';

export const TeamConfig = z
	.strictObject({
		id: Id,
		name: z.string().min(1).optional().meta({ description: 'Display name; defaults to the id.' }),
		description: z.string().optional().meta({ description: 'What the team does.' }),
		members: z.array(z.string()).optional().meta({ description: 'Git author names or e-mails of members (used for owner suggestions).' }),
		aliases: z
			.array(z.string())
			.optional()
			.meta({ description: 'Other handles meaning this team, e.g. "@acme/payments" in CODEOWNERS or "group:default/payments".' }),
	})
	.meta({ description: 'A team, its members and the handles that mean it.' });
export type TeamConfig = z.infer<typeof TeamConfig>;

export const DiscoveryConfig = z
	.strictObject({
		include: z
			.array(z.string())
			.optional()
			.meta({ description: 'Only paths matching one of these globs (relative to the monorepo) are scanned. Default: everything.' }),
		exclude: z
			.array(z.string())
			.optional()
			.meta({ description: 'Paths matching these globs are never scanned, on top of .gitignore and vendored trees.' }),
		roots: z
			.array(
				z.strictObject({
					path: z.string().meta({ description: 'Service root relative to the monorepo.' }),
					name: z.string().optional().meta({ description: 'Service name; defaults to the directory name.' }),
					owner: z.string().optional().meta({ description: 'Owning team.' }),
					tier: z.number().int().min(1).max(4).optional().meta({ description: 'Criticality, 1 = most critical.' }),
				}),
			)
			.optional()
			.meta({ description: 'Explicit service roots, for services without a descriptor that discovery would not infer.' }),
		stripSuffixes: z
			.array(z.string())
			.optional()
			.meta({ description: 'Name suffixes ignored when matching names across sources. Default: ["-service", "-svc"].' }),
		history: z
			.strictObject({
				enabled: z.boolean().optional().meta({ description: 'Suggest owners from git history. Default: true.' }),
				sinceDays: z.number().int().positive().optional().meta({ description: 'Window in days. Default: 365.' }),
				maxCommits: z.number().int().positive().optional().meta({ description: 'At most this many recent commits. Default: 5000.' }),
			})
			.optional()
			.meta({ description: 'Owner suggestions from code activity.' }),
	})
	.meta({ description: 'How services are found in the monorepo.' });
export type DiscoveryConfig = z.infer<typeof DiscoveryConfig>;

export const ShipshapeConfig = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		repo: z.string().optional().meta({ description: 'Monorepo root to scan. Default: the directory of this file.' }),
		inventory: z
			.string()
			.optional()
			.meta({ description: 'Directory of cloud inventory exports (Terraform state, kubectl dumps). Default: none.' }),
		catalog: z.string().optional().meta({ description: 'Catalog directory written by `collect`. Default: catalog.' }),
		rubric: z.string().optional().meta({ description: 'Rubric directory. Default: the rubric shipped with Shipshape.' }),
		out: z.string().optional().meta({ description: 'Site output directory. Default: dist.' }),
		site: z
			.strictObject({
				title: z.string().optional().meta({ description: 'Site title. Default: "Production readiness".' }),
				base: z
					.string()
					.regex(/^\/(?:[\w.-]+\/)*$/, 'Use a path that starts and ends with "/", e.g. "/readiness/".')
					.optional()
					.meta({ description: 'Sub-path the site is served from, e.g. "/readiness/". Default: "/".' }),
			})
			.optional()
			.meta({ description: 'How the site is published.' }),
		teams: z.array(TeamConfig).optional().meta({ description: 'Teams, their members and aliases.' }),
		discovery: DiscoveryConfig.optional(),
		serviceKeys: z
			.array(z.string())
			.optional()
			.meta({
				description:
					'Tag and label keys that name the service a cloud resource or workload belongs to, most specific first. Default: service, app.kubernetes.io/name, app, app.kubernetes.io/part-of.',
			}),
	})
	.meta({ title: 'Shipshape configuration', description: 'shipshape.config.yaml' });
export type ShipshapeConfig = z.infer<typeof ShipshapeConfig>;
