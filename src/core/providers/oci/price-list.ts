/**
 * Oracle's public price-list API (the one behind https://www.oracle.com/cloud/price-list/ and the
 * Cost Estimator): `GET https://apexapps.oracle.com/pls/apex/cetools/api/v1/products/?currencyCode=USD`,
 * no credentials. Live answers are `{lastUpdated, items: [{partNumber, displayName, metricName,
 * serviceCategory, currencyCodeLocalizations: [{currencyCode, prices: [{model, value}]}]}]}`; GPU
 * parts have `metricName: "GPU Per Hour"` and are priced per GPU (SkyPilot's fetch_oci.py reads the
 * same list). Prices are the same in every commercial region, so one cached call serves all ADs.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import type { HttpClient } from '../../collector/http';
import type { OciListPrice } from './prices';

export const OCI_PRICE_LIST_PATH = '/pls/apex/cetools/api/v1/products/';
export const OCI_PRICE_LIST_URL = `https://apexapps.oracle.com${OCI_PRICE_LIST_PATH}`;
/** The list changes rarely; one call every 6 hours at most, the last good answer on failure. */
export const OCI_PRICE_LIST_TTL_MS = 6 * 60 * 60_000;

const PriceSchema = lazySchema(() => z.looseObject({ model: z.string(), value: z.number().nonnegative() }));
const ProductSchema = lazySchema(() =>
  z.looseObject({
    partNumber: z.string().min(1),
    displayName: z.string().default(''),
    metricName: z.string().default(''),
    currencyCodeLocalizations: z
      .array(z.looseObject({ currencyCode: z.string(), prices: z.array(PriceSchema).default([]) }))
      .default([]),
  }),
);
export const OciPriceListSchema = lazySchema(() =>
  z.looseObject({
    lastUpdated: z.string().optional(),
    items: z.array(ProductSchema),
  }),
);

/** The "GPU Per Hour" parts with a USD pay-as-you-go price. */
export function parseGpuListPrices(body: z.infer<typeof OciPriceListSchema>): OciListPrice[] {
  const out: OciListPrice[] = [];
  for (const item of body.items) {
    if (!/^gpu per hour$/i.test(item.metricName.trim())) continue;
    const usd = item.currencyCodeLocalizations.find((c) => c.currencyCode === 'USD');
    const payg = usd?.prices.find((p) => p.model === 'PAY_AS_YOU_GO');
    if (payg) out.push({ partNumber: item.partNumber, displayName: item.displayName, perGpuHour: payg.value });
  }
  return out;
}

/** Reads the list through the collector's client (limiter, timeout, cache); sends no credentials. */
export async function fetchGpuListPrices(http: HttpClient, url: string, signal: AbortSignal): Promise<OciListPrice[]> {
  const body = await http.json({
    method: 'GET',
    path: url,
    query: { currencyCode: 'USD' },
    schema: OciPriceListSchema,
    cacheTtlMs: OCI_PRICE_LIST_TTL_MS,
    staleOnError: true,
    signal,
    name: 'prices.list',
  });
  return parseGpuListPrices(body);
}
