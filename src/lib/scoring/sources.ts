// Which fact namespaces (collectors) a check reads: its expectation's fact, or its evaluator's
// `requires` and `requiresAny`. `shipshape init` uses it to leave out checks whose sources a
// repository does not have.
import type { CheckDefinition } from '../../../rubrics/schema.ts';
import { SERVICE_NAMESPACE } from './facts.ts';
import type { Evaluator } from './model.ts';

export function namespacesOf(check: CheckDefinition, evaluators: ReadonlyMap<string, Evaluator>): string[] {
	const paths: string[] = [];
	if (check.logic.kind === 'expectation') paths.push(check.logic.fact);
	else {
		const evaluator = evaluators.get(check.logic.evaluator);
		paths.push(...(evaluator?.meta.requires ?? []), ...(evaluator?.meta.requiresAny ?? []));
	}
	const namespaces = paths.map((path) => path.split('.')[0]!).filter((namespace) => namespace !== SERVICE_NAMESPACE);
	return [...new Set(namespaces)].sort();
}
