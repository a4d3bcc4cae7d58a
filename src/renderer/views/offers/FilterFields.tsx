/**
 * Form fields for the shared OfferFilter. The Offers view and the watch editor use the same fields,
 * so a watch matches exactly what the table showed.
 */
import '../../theme/all-styles';
import { Checkbox, MultiSelect, NumberInput, SimpleGrid } from '@mantine/core';
import { memo, useMemo } from 'react';
import {
  AvailabilityStateSchema,
  BillingSchema,
  CloudTierSchema,
  type GpuOffer,
  type OfferFilter,
  type ProviderInfo,
} from '../../../shared/model';
import { GPU_CATALOG } from '../../../shared/gpu/catalog';
import { FILTER_LABELS } from './filter-labels';

const GPU_FAMILIES = GPU_CATALOG.map((e) => e.family).sort();

export interface FilterFieldsProps {
  value: OfferFilter;
  onChange: (next: OfferFilter) => void;
  offers: readonly GpuOffer[];
  providers: readonly ProviderInfo[];
  /** Column count (the side panel is narrow, the watch editor wide). */
  cols?: number;
  idPrefix: string;
}

/** Removes empty values so the filter stays minimal (and `describeFilter` reads well). */
export function setField<K extends keyof OfferFilter>(
  f: OfferFilter,
  key: K,
  v: OfferFilter[K] | '' | null,
): OfferFilter {
  const next = { ...f };
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || v === false)
    delete next[key];
  else next[key] = v as OfferFilter[K];
  return next;
}

const num = (v: string | number): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Memoised: it only re-renders when the filter fields, offers or providers change (not on search). */
export const FilterFields = memo(function FilterFields({
  value,
  onChange,
  offers,
  providers,
  cols = 1,
  idPrefix,
}: FilterFieldsProps) {
  const options = useMemo(() => {
    const gpus = new Set<string>();
    const regions = new Set<string>();
    for (const o of offers) {
      gpus.add(o.gpu.model);
      gpus.add(o.gpu.family);
      regions.add(o.region.id);
      if (o.region.country) regions.add(o.region.country);
    }
    // Keep what the filter already holds selectable, even if no offer has it right now.
    for (const g of value.gpu ?? []) gpus.add(g);
    for (const r of value.regions ?? []) regions.add(r);
    // A watch is mostly for a GPU nobody offers now: every GPU the catalogue knows can be picked,
    // after the ones in the offers.
    const others = GPU_FAMILIES.filter((f) => !gpus.has(f));
    const offered = [...gpus].sort();
    return {
      gpus: others.length
        ? [
            { group: 'In the offers', items: offered },
            { group: 'Other GPUs', items: others },
          ]
        : offered,
      regions: [...regions].sort(),
    };
  }, [offers, value.gpu, value.regions]);
  const providerOptions = providers
    .filter((p) => p.capabilities.offers)
    .map((p) => ({ value: p.id, label: p.displayName }));
  const set = <K extends keyof OfferFilter>(k: K, v: OfferFilter[K] | '' | null) => onChange(setField(value, k, v));

  return (
    <SimpleGrid cols={cols} spacing="sm" verticalSpacing="xs">
      <MultiSelect
        id={`${idPrefix}-gpu`}
        label={FILTER_LABELS.gpu}
        description="Family (H100) or exact model (H100-SXM)"
        placeholder="Any GPU"
        data={options.gpus}
        value={value.gpu ?? []}
        onChange={(v) => set('gpu', v)}
        searchable
        clearable
        size="xs"
      />
      <NumberInput
        id={`${idPrefix}-count`}
        label={FILTER_LABELS.minCount}
        min={1}
        allowDecimal={false}
        value={value.minCount ?? ''}
        onChange={(v) => set('minCount', num(v))}
        size="xs"
      />
      <NumberInput
        id={`${idPrefix}-max-gpu-h`}
        label={FILTER_LABELS.maxPricePerGpuHour}
        min={0}
        step={0.1}
        decimalScale={3}
        prefix="$"
        value={value.maxPricePerGpuHour ?? ''}
        onChange={(v) => set('maxPricePerGpuHour', num(v))}
        size="xs"
      />
      <NumberInput
        id={`${idPrefix}-max-h`}
        label={FILTER_LABELS.maxPricePerHour}
        min={0}
        step={0.5}
        decimalScale={2}
        prefix="$"
        value={value.maxPricePerHour ?? ''}
        onChange={(v) => set('maxPricePerHour', num(v))}
        size="xs"
      />
      <NumberInput
        id={`${idPrefix}-vram`}
        label={FILTER_LABELS.minVramGb}
        min={0}
        value={value.minVramGb ?? ''}
        onChange={(v) => set('minVramGb', num(v))}
        size="xs"
      />
      <MultiSelect
        id={`${idPrefix}-providers`}
        label={FILTER_LABELS.providers}
        placeholder="Any provider"
        data={providerOptions}
        value={value.providers ?? []}
        onChange={(v) => set('providers', v as OfferFilter['providers'])}
        clearable
        size="xs"
      />
      <MultiSelect
        id={`${idPrefix}-regions`}
        label={FILTER_LABELS.regions}
        placeholder="Anywhere"
        data={options.regions}
        value={value.regions ?? []}
        onChange={(v) => set('regions', v)}
        searchable
        clearable
        size="xs"
      />
      <MultiSelect
        id={`${idPrefix}-billing`}
        label={FILTER_LABELS.billing}
        placeholder="Any billing"
        data={BillingSchema.options}
        value={value.billing ?? []}
        onChange={(v) => set('billing', v as OfferFilter['billing'])}
        clearable
        size="xs"
      />
      <MultiSelect
        id={`${idPrefix}-cloud`}
        label={FILTER_LABELS.cloud}
        placeholder="Secure or community"
        data={CloudTierSchema.options}
        value={value.cloud ?? []}
        onChange={(v) => set('cloud', v as OfferFilter['cloud'])}
        clearable
        size="xs"
      />
      <MultiSelect
        id={`${idPrefix}-availability`}
        label={FILTER_LABELS.availability}
        placeholder="Any state"
        data={AvailabilityStateSchema.options}
        value={value.availability ?? []}
        onChange={(v) => set('availability', v as OfferFilter['availability'])}
        clearable
        size="xs"
      />
      <NumberInput
        id={`${idPrefix}-reliability`}
        label={FILTER_LABELS.minReliability}
        min={0}
        max={100}
        suffix="%"
        value={value.minReliability === undefined ? '' : Math.round(value.minReliability * 100)}
        onChange={(v) => {
          const n = num(v);
          set('minReliability', n === undefined ? undefined : Math.min(100, Math.max(0, n)) / 100);
        }}
        size="xs"
      />
      <Checkbox
        id={`${idPrefix}-verified`}
        label={FILTER_LABELS.verified}
        checked={value.verified === true}
        onChange={(e) => set('verified', e.currentTarget.checked ? true : undefined)}
        size="xs"
        mt="xs"
      />
    </SimpleGrid>
  );
});
