// The shared presets, resolved from this package (the root config cannot resolve the workspace
// package from the repository root, where it is not a dependency).
import presets from '@gatehouse/eslint-config';

export default presets;
