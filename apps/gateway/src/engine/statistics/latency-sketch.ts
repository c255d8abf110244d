// The sketch lives in @gatehouse/stats-wire: the stats worker folds the same bins exactly.
export { LatencySketch, RELATIVE_ACCURACY } from '@gatehouse/stats-wire';
