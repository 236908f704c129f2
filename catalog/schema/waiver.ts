// `catalog/waivers.yaml`: failing checks a team has agreed to live with for a while, as code.
import { z } from 'zod';

export const Waiver = z
	.strictObject({
		service: z.string().min(1).meta({ description: 'Service id.' }),
		check: z.string().min(1).meta({ description: 'Check id.' }),
		reason: z.string().min(1).meta({ description: 'Why the failure is accepted for now.' }),
		ticket: z.url({ protocol: /^https?$/ }).meta({ description: 'Link to the ticket that tracks the fix.' }),
		approver: z.string().min(1).meta({ description: 'Who approved it.' }),
		expires: z.iso.date().meta({ description: 'Last day (YYYY-MM-DD) the waiver holds; after it the check fails again.' }),
	})
	.meta({ description: 'A waiver: the check counts as waived, not failed, until it expires.' });
export type Waiver = z.infer<typeof Waiver>;

export const WaiversFile = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		waivers: z.array(Waiver).meta({ description: 'Every waiver.' }),
	})
	.meta({ title: 'Shipshape waivers', description: 'catalog/waivers.yaml' });
