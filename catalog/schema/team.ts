// The team record: one `catalog/teams/<id>.json` per team.
import { z } from 'zod';
import { Id } from './common.ts';

export const Team = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		id: Id,
		name: z.string().min(1).meta({ description: 'Display name.' }),
		description: z.string().nullable().meta({ description: 'What the team does, or null.' }),
		members: z.array(z.string()).meta({ description: 'Member user names or e-mail addresses, sorted.' }),
		aliases: z
			.array(z.string())
			.meta({ description: 'Other handles that mean this team, e.g. "@acme/payments" in CODEOWNERS, sorted.' }),
		services: z.array(Id).meta({ description: 'Ids of the services it owns, sorted.' }),
		parent: z.string().nullable().optional().meta({ description: 'The team it belongs to (a Backstage Group\'s `spec.parent`), or null.' }),
	})
	.meta({ title: 'Shipshape team record', description: 'One team in the catalog.' });
export type Team = z.infer<typeof Team>;
