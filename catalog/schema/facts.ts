// The fact schema: what each collector may say about one service, one file per collector under
// facts/, composed here in the registry's (alphabetical) order. Collectors and scoring meet only
// here. A namespace that is absent means its collector did not run (checks needing it are
// `unknown`); a `null` value means the collector looked and found nothing.
import { z } from 'zod';
import { AwsInventoryFacts } from './facts/aws-inventory.ts';
import { DescriptorFacts } from './facts/descriptor.ts';
import { GitHubFacts } from './facts/github.ts';
import { K8sManifestsFacts } from './facts/k8s-manifests.ts';
import { RepoFilesFacts } from './facts/repo-files.ts';
import { TerraformStateFacts } from './facts/terraform-state.ts';

export * from './facts/aws-inventory.ts';
export * from './facts/descriptor.ts';
export * from './facts/github.ts';
export * from './facts/k8s-manifests.ts';
export * from './facts/repo-files.ts';
export * from './facts/terraform-state.ts';

/** Every namespace, keyed by collector id. Each is optional: absent means "not collected". */
export const Facts = z
	.strictObject({
		'aws-inventory': AwsInventoryFacts.optional(),
		descriptor: DescriptorFacts.optional(),
		github: GitHubFacts.optional(),
		'k8s-manifests': K8sManifestsFacts.optional(),
		'repo-files': RepoFilesFacts.optional(),
		'terraform-state': TerraformStateFacts.optional(),
	})
	// The user's plugin collectors add namespaces of their own; each is validated by the plugin's
	// facts schema when it is collected.
	.catchall(z.record(z.string(), z.unknown()))
	.meta({ description: 'Facts about one service, namespaced by collector id (plugins add their own namespaces).' });
export type Facts = z.infer<typeof Facts>;
