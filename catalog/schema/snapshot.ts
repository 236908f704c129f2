// `catalog/snapshot.json`: the compact score of one build, committed with the catalog so that the
// scheduled build's commit shows readiness changes as a diff, and git holds the history.
import { z } from 'zod';

const Level = z.string().nullable();

export const ServiceSnapshot = z.strictObject({
	level: Level.meta({ description: 'Level held (null: below the first).' }),
	score: z.number().meta({ description: 'Score 0..100.' }),
	owner: z.string().nullable().meta({ description: 'Primary owner.' }),
	team: z.string().nullable().meta({ description: 'Owning team id, when the owner is a team.' }),
	categories: z.record(z.string(), Level).meta({ description: 'Level per category.' }),
	checks: z.record(z.string(), z.string()).meta({ description: 'Outcome per check id (upcoming checks end in " (upcoming)").' }),
});
export type ServiceSnapshot = z.infer<typeof ServiceSnapshot>;

const RollUp = z.strictObject({
	score: z.number().meta({ description: 'Mean service score.' }),
	levelCounts: z.record(z.string(), z.number()).meta({ description: 'Services per level (`none` below the first).' }),
});

export const Snapshot = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		date: z.iso.date().meta({ description: 'Day of the build (UTC).' }),
		rubricVersion: z.string().meta({ description: 'Content hash of the rubric the scores come from.' }),
		services: z.record(z.string(), ServiceSnapshot).meta({ description: 'Per service id.' }),
		teams: z.record(z.string(), RollUp).meta({ description: 'Per team id.' }),
		systems: z.record(z.string(), RollUp).optional().meta({ description: 'Per system id (absent in snapshots from before systems were collected).' }),
		domains: z.record(z.string(), RollUp).optional().meta({ description: 'Per domain id.' }),
		organisation: RollUp,
	})
	.meta({ title: 'Shipshape score snapshot', description: 'The score of one build.' });
export type Snapshot = z.infer<typeof Snapshot>;
