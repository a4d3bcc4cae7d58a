export { HistoryStore, type SeriesObservation as SeriesObservationForTest } from '../../src/core/history/store';
