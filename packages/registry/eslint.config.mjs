// Same presets as the root config; kept here so `eslint` resolves @gatehouse/eslint-config from
// this package's dependencies (the root has no such dependency to resolve it from).
import presets from '@gatehouse/eslint-config';

export default presets;
