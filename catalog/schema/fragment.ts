// Catalog fragments: what `shipshape collect --fragment` writes for one repository (or for the
// inventory) in one CI matrix job, and what `shipshape merge` keeps of each repository in the merged
// catalog (`catalog/repositories/<slug>.json`) so that a repository whose job failed keeps its
// previous records.
import { z } from 'zod';
import { DiscoveryReport } from './discovery.ts';
import { CatalogMeta } from './meta.ts';
import type { Service } from './service.ts';
import { Domain, System } from './system.ts';
import { Team } from './team.ts';

/** The manifest's file name; written last, so a fragment without it is partial. */
export const FRAGMENT_MANIFEST = 'fragment.json';

const FragmentSource = {
	kind: z.enum(['repository', 'inventory']).meta({ description: '`repository`: one repository\'s services; `inventory`: inventory facts for services already in the catalog.' }),
	repository: z.string().min(1).meta({ description: 'The repository (`owner/name`), or the inventory\'s name (`inventory`).' }),
	commit: z.string().nullable().meta({ description: 'The commit collected (`git rev-parse HEAD`), or null when the directory is not a git checkout.' }),
	committedAt: z.iso.datetime({ offset: true }).nullable().meta({ description: 'Its committer date (ISO 8601): a fragment of an older commit never replaces a newer one.' }),
	collectedAt: z.iso.datetime().meta({ description: 'When the fragment was collected (ISO 8601, UTC).' }),
	collectors: CatalogMeta.shape.collectors.meta({ description: 'The collectors that ran, with their fact-shape versions and how they went (as in its meta.json).' }),
};

export const FragmentManifest = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		...FragmentSource,
		files: z
			.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/))
			.meta({ description: 'Every file of the fragment (relative POSIX path) and the SHA-256 of its content: a missing, extra or changed file rejects the fragment.' }),
	})
	.meta({ title: 'Shipshape catalog fragment manifest', description: 'What a fragment holds and where it comes from.' });
export type FragmentManifest = z.infer<typeof FragmentManifest>;

/** A team, system or domain as one repository declares it; the merge recomputes their services. */
const { services: _teamServices, ...TeamDeclared } = Team.shape;

export const RepositorySource = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		...FragmentSource,
		services: z.array(z.string()).meta({ description: 'The ids of its services in the merged catalog, sorted.' }),
		renamed: z.record(z.string(), z.string()).meta({ description: 'Ids qualified because another repository claims them: its own id → the id in the merged catalog.' }),
		teams: z.array(z.strictObject(TeamDeclared)).meta({ description: 'The teams its fragment described (without their services, which the merge recomputes).' }),
		systems: z.array(System).meta({ description: 'The systems its fragment described, with its own ids.' }),
		domains: z.array(Domain).meta({ description: 'The domains its fragment described, with its own ids.' }),
		discovery: DiscoveryReport.meta({ description: 'Its fragment\'s discovery report, with its own ids.' }),
	})
	.meta({ title: 'Shipshape merged repository', description: 'What the merged catalog took from one repository\'s fragment, to keep when its next fragment is missing or rejected.' });
export type RepositorySource = z.infer<typeof RepositorySource>;

/** Every record of a catalog (or of a fragment) as read, the files of one `catalog/` directory. */
export interface CatalogRecords {
	services: Service[];
	teams: Team[];
	systems: System[];
	domains: Domain[];
	discovery: DiscoveryReport;
	meta: CatalogMeta;
}
