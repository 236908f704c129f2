// What the k8s-manifests collector can be told: its `collectors.k8s-manifests:` section of
// shipshape.config.yaml (also written `kubernetes:`).
import { z } from 'zod';

export const K8sManifestsSettings = z
	.strictObject({
		environment: z
			.string()
			.min(1)
			.optional()
			.meta({ description: 'The Kustomize overlay to read as production: a directory name in its path (e.g. "prod", "eu-production"). Default: an overlay named production, prod, prd or live, else the base. Also settable as `kubernetes.environment`.' }),
		render: z
			.boolean()
			.optional()
			.meta({
				description:
					'Run `kustomize build` (or `kubectl kustomize`) on the production overlays and `helm template` on the charts (with their production values file) when those programs are on PATH, and read their output instead of Shipshape\'s approximation. Default: false. Also settable as `kubernetes.render`.',
			}),
	})
	.meta({ description: 'Which Kustomize overlay is production, and whether the tools render it.' });
export type K8sManifestsSettings = z.infer<typeof K8sManifestsSettings>;
