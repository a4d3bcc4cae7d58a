export { SnapshotStore, type SliceUpdate, type SnapshotListener } from './store';
export { diffSnapshots, diffEntities, isEmptyDiff, sameOffer, sameResource, type EntityChanges } from './diff';
export { deepEqual, equalIgnoring } from './equal';
export { applyDiff, applyEntityChanges, isDiffApplicable } from '../../shared/snapshot/apply-diff';
