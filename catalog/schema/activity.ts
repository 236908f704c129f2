// `catalog/activity/<id>.json`: what changes every day about a service (open pull requests and
// issues, deployments, the last merge, recent commits and contributors), kept apart from its
// record in `catalog/services/` so that a record changes only when its configuration or a fact a
// reviewer must see changes. Loaders join the two; checks and pages see one service.
import { z } from 'zod';
import { Evidence, Id } from './common.ts';
import { ServiceChanges, SuggestedOwner } from './service.ts';

export const ActivityRecord = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		id: Id.meta({ description: 'The service id (the record in `catalog/services/<id>.json`).' }),
		changes: ServiceChanges.nullable().optional().meta({ description: 'Past changes and contributors from git history (the record\'s `changes`).' }),
		suggestedOwners: z.array(SuggestedOwner).optional().meta({ description: 'Owners suggested from git history, best first (the record\'s `suggestedOwners`).' }),
		facts: z
			.record(z.string(), z.record(z.string(), z.unknown()))
			.meta({ description: 'Activity facts by collector id, then fact name: the facts each collector declares as activity (`activityFacts`).' }),
		evidence: z.record(z.string(), z.array(Evidence)).meta({ description: 'Evidence of those facts, by fact path (`collector.fact`).' }),
	})
	.meta({ title: 'Shipshape service activity', description: 'The activity of one service, apart from its record.' });
export type ActivityRecord = z.infer<typeof ActivityRecord>;
