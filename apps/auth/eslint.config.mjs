// The shared presets, resolved from this package's own devDependency (the root config's import
// of @gatehouse/eslint-config does not resolve from the workspace root, which does not depend on it).
import presets from '@gatehouse/eslint-config';

export default presets;
