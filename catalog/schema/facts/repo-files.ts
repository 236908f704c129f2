// Facts of the `repo-files` collector.
import { z } from 'zod';

/** Facts read from the service's own files in the monorepo. */
export const RepoFilesFacts = z
	.strictObject({
		hasReadme: z.boolean().meta({ description: 'A README file sits at the service root.' }),
		hasTests: z.boolean().meta({ description: 'Test files or test directories exist, by the conventions of its languages.' }),
		languages: z
			.array(
				z.strictObject({
					name: z.string().meta({ description: 'Language name as GitHub Linguist names it.' }),
					bytes: z.number().int().nonnegative().meta({ description: 'Bytes of source in this language.' }),
					share: z.number().min(0).max(1).meta({ description: 'Share of all source bytes, 0..1, rounded to 3 places.' }),
				}),
			)
			.meta({ description: 'Programming languages by bytes, largest first.' }),
		dockerfiles: z
			.array(
				z.strictObject({
					path: z.string().meta({ description: 'Dockerfile path relative to the monorepo root.' }),
					baseImagePinned: z.boolean().meta({ description: 'Every FROM names a digest or an explicit non-latest tag.' }),
					hasNonRootUser: z.boolean().meta({ description: 'The final stage sets a USER other than root/0.' }),
					hasHealthcheck: z.boolean().meta({ description: 'A HEALTHCHECK instruction is present.' }),
				}),
			)
			.meta({ description: 'Dockerfiles found under the service root.' }),
		ciWorkflows: z
			.array(
				z.strictObject({
					file: z.string().meta({ description: 'Workflow file, e.g. `.github/workflows/payments.yml`.' }),
					name: z.string().meta({ description: 'Workflow name.' }),
					via: z.enum(['paths filter', 'working directory', 'command']).meta({ description: 'How the workflow refers to the service.' }),
					runsTests: z.boolean().meta({ description: 'A step runs tests.' }),
					buildsImage: z.boolean().meta({ description: 'A step builds a container image.' }),
					scanners: z.array(z.string()).meta({ description: 'Container image scanners it runs (Trivy, Grype, Snyk Container, Docker Scout, Anchore).' }),
				}),
			)
			.meta({ description: 'CI that builds or tests the service, sorted by file: GitHub Actions workflows, and GitLab CI jobs (`.gitlab-ci.yml` and its local includes; one entry per job, named after it).' }),
		frameworks: z
			.array(
				z.strictObject({
					name: z.string().meta({ description: 'Framework or runtime, e.g. "Spring Boot", "Node.js".' }),
					package: z.string().meta({ description: 'Package that carries it, e.g. "org.springframework.boot".' }),
					ecosystem: z.string().meta({ description: 'npm, go, maven, nuget, pypi, rubygems, cargo, packagist, hex, or runtime.' }),
					declared: z.string().nullable().meta({ description: 'Range or version as declared in the manifest.' }),
					resolved: z.string().nullable().meta({ description: 'Exact version pinned by a lockfile (or the manifest itself), or null.' }),
					file: z.string().meta({ description: 'Manifest it was read from.' }),
					lockfile: z.string().nullable().meta({ description: 'Lockfile the resolved version comes from (package-lock.json, pnpm-lock.yaml, yarn.lock, Cargo.lock, poetry.lock, …), or null.' }),
				}),
			)
			.meta({ description: 'Frameworks and runtimes the service declares, sorted by name.' }),
		packages: z
			.array(z.string())
			.meta({ description: 'Every dependency its manifests declare (package names as the ecosystem writes them), sorted.' }),
	})
	.meta({ description: 'Facts from the service directory (collector `repo-files`).' });
export type RepoFilesFacts = z.infer<typeof RepoFilesFacts>;
