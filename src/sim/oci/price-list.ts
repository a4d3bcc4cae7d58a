/**
 * Oracle's public price-list API as the simulator serves it:
 * `GET /pls/apex/cetools/api/v1/products/[?currencyCode=USD][&partNumber=…]`, no authentication.
 * Shape of the live answer: `{lastUpdated, items: [{partNumber, displayName, metricName,
 * serviceCategory, currencyCodeLocalizations: [{currencyCode, prices: [{model, value}]}]}]}`
 * (GPU parts: metricName "GPU Per Hour", display names "OCI - Compute - GPU - <GPU>"). Part numbers
 * B110978/B110979 (B200/GB200) are the real ones; the others and all values are simulated.
 */
import type { SimRequest, SimResponse } from '../common/http-sim';

export const PRICE_LIST_PATH = '/pls/apex/cetools/api/v1/products/';

export interface SimPricePart {
  partNumber: string;
  displayName: string;
  metricName: string;
  serviceCategory: string;
  /** USD pay-as-you-go. */
  usd: number;
}

export function defaultPriceParts(): SimPricePart[] {
  const gpu = (partNumber: string, name: string, usd: number): SimPricePart => ({
    partNumber,
    displayName: `OCI - Compute - GPU - ${name}`,
    metricName: 'GPU Per Hour',
    serviceCategory: 'Compute - GPU',
    usd,
  });
  return [
    gpu('B110978', 'B200', 14),
    gpu('B110979', 'GB200', 16),
    gpu('B98415', 'H100', 10),
    gpu('B95909', 'A10', 2),
    gpu('B109479', 'L40S', 3.5),
    {
      partNumber: 'B97384',
      displayName: 'OCI - Compute - Standard - E5 - OCPU',
      metricName: 'OCPU Per Hour',
      serviceCategory: 'Compute - Virtual Machine',
      usd: 0.03,
    },
    {
      partNumber: 'B91628',
      displayName: 'OCI - Object Storage - Storage',
      metricName: 'Gigabyte Storage Capacity Per Month',
      serviceCategory: 'Storage - Object Storage',
      usd: 0.0255,
    },
  ];
}

/** EUR is a rough conversion: the list carries every currency it is asked for. */
const EUR_PER_USD = 0.92;

export function priceListResponse(req: SimRequest, parts: readonly SimPricePart[]): SimResponse {
  if (req.method !== 'GET') return { status: 405, body: { message: 'Method not allowed' } };
  const currency = req.query.get('currencyCode');
  const part = req.query.get('partNumber');
  const items = parts
    .filter((p) => !part || p.partNumber === part)
    .map((p) => {
      const loc = [
        { currencyCode: 'USD', prices: [{ model: 'PAY_AS_YOU_GO', value: p.usd }] },
        {
          currencyCode: 'EUR',
          prices: [{ model: 'PAY_AS_YOU_GO', value: Math.round(p.usd * EUR_PER_USD * 1e4) / 1e4 }],
        },
      ].filter((l) => !currency || l.currencyCode === currency);
      return {
        partNumber: p.partNumber,
        displayName: p.displayName,
        metricName: p.metricName,
        serviceCategory: p.serviceCategory,
        currencyCodeLocalizations: loc,
      };
    });
  return { status: 200, body: { lastUpdated: '2026-09-01T14:26:53.943Z', items } };
}
