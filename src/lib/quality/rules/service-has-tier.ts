// A service without a tier cannot be held to the checks for its criticality.
import { missingField } from '../missing-field.ts';

export const serviceHasTier = missingField('service-has-tier', 'tier', (service) => service.tier === null, 'Set `tier:` (1 = most critical) in its service.yaml, `shipshape.io/tier` in catalog-info.yaml or `tier:` in opslevel.yml.');
