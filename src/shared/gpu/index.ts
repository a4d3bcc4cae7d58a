export { normalizeGpu, analyseGpuName, type NormalizedGpu, type NormalizeHints, type GpuAnalysis } from './normalize';
export { matchesGpuQuery, parseGpuQuery, type GpuQuery, type GpuLike } from './query';
export { GPU_CATALOG, GPU_FORMS, catalogByFamily, type GpuCatalogEntry, type GpuForm } from './catalog';
export { gpuQueryHints, unknownGpuHint, unknownGpuQuery } from './unknown';
