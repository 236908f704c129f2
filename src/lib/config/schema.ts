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
	})
	.meta({ title: 'Shipshape configuration', description: 'shipshape.config.yaml' });
export type ShipshapeConfig = z.infer<typeof ShipshapeConfig>;
