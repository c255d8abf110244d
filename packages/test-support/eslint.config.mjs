// The shared presets plus the type-aware promise rules, resolved from this package (the root
// config cannot resolve the workspace package from the repository root, where it is not a
// dependency).
import presets, { promises } from '@gatehouse/eslint-config';

export default [...presets, ...promises(import.meta.dirname)];
