/** The one home of user-facing money, time and alert wording (issue #13 item 5). */
export { countOf, groupThousands } from './count';
export { formatMoney, formatPerGpuHour, PER_GPU_HOUR } from './money';
export { formatAgo, formatClock, formatDuration } from './time';
export { regionLabel } from './region';
export { billingLabel } from './billing';
export { quotaSummary, type QuotaSummary } from './quota';
export {
  alertOfferLine,
  offerLine,
  alertSummary,
  alertVerb,
  providerName,
  providerNamesFrom,
  type ProviderNames,
} from './alert';
export {
  RESOURCE_FIELDS,
  formatField,
  formatFields,
  humanizeKey,
  type FieldFormat,
  type FieldSpec,
  type FormattedField,
} from './fields';
