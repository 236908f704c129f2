// System and domain records: `catalog/systems/<id>.json` and `catalog/domains/<id>.json`. A system
// is the set of services that together deliver one product ("checkout"); a domain groups systems
// (and services) under one area of the business ("commerce").
import { z } from 'zod';
import { Evidence, Id } from './common.ts';

const Grouping = {
	$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
	id: Id,
	name: z.string().min(1).meta({ description: 'Display name.' }),
	description: z.string().nullable().meta({ description: 'What it is, or null.' }),
	owner: z.string().nullable().meta({ description: 'Owning team (or user), or null.' }),
	services: z.array(Id).meta({ description: 'Ids of its services, sorted.' }),
	evidence: z.array(Evidence).meta({ description: 'Where it is declared (descriptor, configuration), and how its services joined.' }),
};

export const System = z
	.strictObject({
		...Grouping,
		domain: Id.nullable().meta({ description: 'The domain it belongs to, or null.' }),
	})
	.meta({ title: 'Shipshape system record', description: 'One system: the services that together deliver a product.' });
export type System = z.infer<typeof System>;

export const Domain = z
	.strictObject({
		...Grouping,
		systems: z.array(Id).meta({ description: 'Ids of its systems, sorted.' }),
	})
	.meta({ title: 'Shipshape domain record', description: 'One domain: an area of the business, its systems and services.' });
export type Domain = z.infer<typeof Domain>;
