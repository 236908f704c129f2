// The collector contract: a unit that reads the monorepo or inventory and emits facts per service.
// Everything with side effects arrives through the context, so tests pass in-memory fakes.
import type { z } from 'zod';
import type { Evidence } from '../catalog/schema/common.ts';
import type { Link } from '../catalog/schema/common.ts';
import type { DescriptorFacts } from '../catalog/schema/facts.ts';
import type { EntityReference, ServiceChanges, SuggestedOwner } from '../catalog/schema/service.ts';
import type { GitRunner } from '../catalog/io/git.ts';
import type { ProgramOptions } from '../catalog/io/programs.ts';
import type { GitHubClient, GitHubClientOptions } from './lib/octokit.ts';
import type { Logger } from '../catalog/io/logger.ts';

/** What a code-host collector knows of one service's open work, for the activity widgets. */
export interface ActivitySummary {
	pullRequests: { number: number; title: string; author: string | null; createdAt: string; draft: boolean; url: string }[] | null;
	issues: { number: number; title: string; author: string | null; createdAt: string; url: string }[] | null;
	/** Why pull requests or issues are missing, when they are. */
	reason: string | null;
}

/** A team as configured (`teams:`): what discovery needs to map owners and git authors to it. */
export interface TeamDeclaration {
	id: string;
	name?: string;
	description?: string;
	members?: readonly string[];
	aliases?: readonly string[];
}

/** A service found by discovery, before collectors add facts. */
export interface DiscoveredService {
	id: string;
	name: string;
	description: string | null;
	/** Service root relative to the repo root, POSIX; "." for the root; null for a service with no directory of its own (a proxy declared in an orchestrator). */
	path: string | null;
	registered: boolean;
	aliases: string[];
	owner: string | null;
	owners: string[];
	ownerSource: 'descriptor' | 'codeowners' | null;
	suggestedOwners: SuggestedOwner[];
	/** Past changes and contributors from git history; null when it could not be read. */
	changes: ServiceChanges | null;
	language: string | null;
	tier: number | null;
	lifecycle: string | null;
	tags: string[];
	links: Link[];
	dependsOn: string[];
	/** The system and domain a descriptor names (ids), or null; configuration may add them later. */
	system: string | null;
	domain: string | null;
	/** Repository (owner/name) the descriptor names, or null to use the monorepo's. */
	repository: string | null;
	/** Programming languages by bytes, largest first (Linguist names). */
	languages: { name: string; bytes: number; share: number }[];
	descriptor: DescriptorFacts;
	/** Evidence of how it was found (descriptor file or inference signals). */
	foundBy: Evidence[];
	/** What a second descriptor in the same directory says differently (the first format wins). */
	disagreements?: DescriptorDisagreement[];
	/** Backstage Resources it depends on and APIs it provides and consumes. */
	resources?: EntityReference[];
	apis?: { provides: EntityReference[]; consumes: EntityReference[] };
}

export interface DescriptorDisagreement {
	field: 'name' | 'owner' | 'tier';
	kept: { file: string; value: string };
	other: { file: string; value: string };
}

export type { Logger };

/** A problem with one input file; lands in the service's `errors` (or the repository's). */
export interface CollectorProblem {
	serviceId: string | null;
	file: string;
	message: string;
}

export interface CollectorContext {
	/** Absolute monorepo root. */
	repoRoot: string;
	/** Absolute inventory directory, or null when none is configured. */
	inventoryRoot: string | null;
	/** Files of the monorepo (relative, POSIX), vendored and git-ignored trees already excluded. */
	repoFiles: readonly string[];
	services: readonly DiscoveredService[];
	/** Tag and label keys that name the service a resource belongs to, most specific first. */
	serviceKeys: readonly string[];
	/** The configuration file's directory: relative paths in a collector's settings start here. */
	configDirectory: string;
	/** Shipshape's cache directory (`cache:`, default .shipshape), git-ignored, kept between builds. */
	cacheDirectory: string;
	/** `--offline`: no collector calls the network. */
	offline: boolean;
	/** The environment variables this collector declared in `env`, and no others. */
	env: Readonly<Record<string, string | undefined>>;
	/** The one git runner (argument arrays, timeouts); collectors never spawn processes themselves. */
	git: GitRunner;
	/** The programs this collector declared in `programs`, and no others (see `CollectorPrograms`). */
	programs: CollectorPrograms;
	/** An Octokit client with throttling, retries, an ETag cache, a timeout and a request budget. */
	octokit(options: GitHubClientOptions): Promise<GitHubClient>;
	/** Files of each service (by id): under its root and not under a nested service's root. */
	serviceFiles: ReadonlyMap<string, readonly string[]>;
	/** Reads a file under `root`; refuses symlinks out of it and files over the size limit (5 MB unless given). */
	readFile(root: string, relativePath: string, maxBytes?: number): Promise<string>;
	/** Lists files under `root` matching globs (relative, POSIX, sorted). */
	glob(root: string, patterns: readonly string[]): Promise<string[]>;
	log: Logger;
	now: Date;
}

/**
 * Other programs a collector may start (a user's opt-in: `kustomize build`, `helm template`):
 * through the one runner (argument arrays, a timeout, an output limit, PATH and HOME only). A
 * program the collector did not declare is neither found nor run.
 */
export interface CollectorPrograms {
	/** Whether `program` is on PATH (and declared). */
	available(program: string): boolean;
	run(program: string, args: readonly string[], options: ProgramOptions): Promise<Buffer>;
}

/** Inventory exports can be large; they get a higher read limit than source files. */
export const INVENTORY_MAX_BYTES = 512 * 1024 * 1024;

/** A cloud resource that no service claims. */
export interface OrphanResource {
	collector: string;
	/** Terraform address, ARN or Kubernetes kind/namespace/name. */
	resource: string;
	type: string;
	file: string;
	tags: Record<string, string>;
}

export interface CollectorOutput<Facts> {
	/** Facts per service id. A service without an entry gets no namespace (its checks are `unknown`). */
	facts: Map<string, Facts>;
	/** Evidence per service id, keyed by fact name within the namespace. */
	evidence?: Map<string, Record<string, Evidence[]>>;
	problems: CollectorProblem[];
	/** Resources found that no service claims (inventory collectors). */
	orphans?: OrphanResource[];
	/**
	 * Inventory files (as `inventory/<path>`) this collector recognised and read. The runner names
	 * every inventory file that no collector recognised and none reported, so nothing is dropped silently.
	 */
	recognised?: string[];
}

export interface Collector<Facts = unknown> {
	/** Kebab-case, the source as a noun; also the fact namespace. */
	id: string;
	/** Bumped when the fact shape changes. */
	version: number;
	description: string;
	/** Environment variables it reads (they reach it through `context.env`, nothing else does). */
	env?: readonly string[];
	/** Programs it may start when they are on PATH (through `context.programs`, nothing else can). */
	programs?: readonly string[];
	/** What it reads, as the "Not measured" panel names it, e.g. "Terraform state". */
	source: string;
	/** One sentence on how to give it something to read, shown when it measured nothing. */
	howToEnable: string;
	facts: z.ZodType<Facts>;
	/** It reads the inventory directory: together such collectors should recognise every export there. */
	readsInventory?: boolean;
	/** Whether its facts for one service show the service running somewhere (a workload, a resource). */
	runtimeFootprint?(facts: Facts): boolean;
	/**
	 * Its facts that describe activity rather than configuration (open pull requests, deploy times):
	 * written to `catalog/activity/<id>.json`, apart from the service record, so that the record's
	 * diff shows only what a reviewer must see. Checks and pages still read them.
	 */
	activityFacts?: readonly string[];
	/** Open pull requests and issues in its facts for one service, for the site's activity widgets. */
	activity?(facts: Facts): ActivitySummary;
	/** Markdown for its docs page; built-in collectors keep theirs in collectors/<id>/README.md. */
	readme?: string;
	/** Its settings, the `collectors.<id>:` section of shipshape.config.yaml (defaults when absent). */
	settings?: z.ZodType;
	/** Returns why the collector cannot run here (e.g. no inventory configured), or null. */
	skipReason?(context: CollectorContext): string | null;
	collect(context: CollectorContext, settings: unknown): Promise<CollectorOutput<Facts>>;
}

export function defineCollector<Facts>(collector: Collector<Facts>): Collector<Facts> {
	return collector;
}

/** `skipReason` of collectors that read the inventory directory. */
export function needsInventory(context: CollectorContext): string | null {
	return context.inventoryRoot === null ? 'no inventory directory is configured; set `inventory:` in shipshape.config.yaml or pass --inventory' : null;
}
