// Without a lifecycle, an experiment and a production service look alike.
import { missingField } from '../missing-field.ts';

export const serviceHasLifecycle = missingField('service-has-lifecycle', 'lifecycle', (service) => service.lifecycle === null, 'Set `lifecycle:` (production, experimental, deprecated, …) in its descriptor.');
