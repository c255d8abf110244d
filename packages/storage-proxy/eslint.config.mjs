// Resolve the shared presets from this package: the repository root does not depend on them.
import presets from '@gatehouse/eslint-config';

export default presets;
