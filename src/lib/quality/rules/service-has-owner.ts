// A service nobody owns is nobody's to make ready.
import { missingField } from '../missing-field.ts';

export const serviceHasOwner = missingField('service-has-owner', 'owner', (service) => service.owner === null, 'Set `owner:` in its descriptor, or add a CODEOWNERS rule for its directory.');
