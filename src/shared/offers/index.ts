export { groupByModel, type GpuModelGroup, type GroupOfferRef } from './group';
