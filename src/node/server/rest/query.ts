/**
 * Query parameters → the CLI's own flags. `GET /api/v1/offers?gpu=H100&max-price=3` is parsed by
 * the very commander definitions and validators `cloudtop offers --gpu H100 --max-price 3` uses
 * (addOffersOptions, offersQueryFromOptions), so the two cannot drift apart. A bad value becomes a
 * 400 naming the parameter, with the CLI's own wording.
 */
import { Command, CommanderError, type Option } from 'commander';
import { PROVIDER_IDS, type ProviderId, type ResourceKind } from '../../../shared/model';
import { addOffersOptions, offersQueryFromOptions, type OffersQuery } from '../../cli/commands/offers';
import { parseKinds } from '../../cli/commands/resources';
import { historyQueryFromOptions } from '../../cli/commands/history';
import type { HistoryQuery } from '../../../shared/history/schema';
import { UsageError } from '../../cli/io';
import { parseProviderList } from '../../cli/options';

/** A query parameter the API cannot use; `parameter` is null when no single one is to blame. */
export class BadParameter extends Error {
  constructor(
    readonly parameter: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** Handled by the server itself on every path (the page's `?token=`), never a filter. */
const IGNORED = new Set(['token']);

export interface QueryParameterInfo {
  name: string;
  description: string;
  /** A flag without a value (`?verified`, `?verified=true`). */
  boolean: boolean;
  /** May be repeated or comma-separated. */
  repeatable: boolean;
}

/** `--max-price: "abc" is not a number` → parameter `max-price`, message without the dashes. */
function fromUsage(e: UsageError): BadParameter {
  const m = /^--([a-z][a-z0-9-]*)/.exec(e.message);
  return new BadParameter(m ? m[1]! : null, m ? e.message.slice(2) : e.message);
}

function nameOf(o: Option): string {
  return (o.long ?? '').replace(/^--/, '');
}

function offersCommand(): Command {
  return addOffersOptions(new Command('offers'))
    .exitOverride()
    .helpOption(false)
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
}

const REPEATABLE = new Set(['gpu', 'region', 'billing', 'cloud']);

/** The offers parameters, from the CLI's option list (the OpenAPI document lists the same). */
export function offersParameters(): QueryParameterInfo[] {
  const fromCli = offersCommand().options.map((o) => ({
    name: nameOf(o),
    description: o.description,
    boolean: !o.required && !o.optional,
    repeatable: REPEATABLE.has(nameOf(o)),
  }));
  return [...fromCli, PROVIDER_PARAMETER];
}

export const PROVIDER_PARAMETER: QueryParameterInfo = {
  name: 'provider',
  description: `only these providers (${PROVIDER_IDS.join(', ')}), repeatable`,
  boolean: false,
  repeatable: true,
};

export const KIND_PARAMETER: QueryParameterInfo = {
  name: 'kind',
  description:
    'only this kind (instance, gpu-instance, worker, bucket, project, branch, compute-endpoint…), repeatable',
  boolean: false,
  repeatable: true,
};

function providersParam(params: URLSearchParams): ProviderId[] | undefined {
  try {
    return parseProviderList(params.getAll('provider'));
  } catch (e) {
    if (e instanceof UsageError) throw fromUsage(e);
    throw e;
  }
}

function rejectUnknown(params: URLSearchParams, known: readonly string[]): void {
  for (const k of new Set(params.keys())) {
    if (IGNORED.has(k) || known.includes(k)) continue;
    throw new BadParameter(
      k,
      `unknown parameter "${k}"; ${known.length ? `this endpoint takes ${known.join(', ')}` : 'this endpoint takes none'}`,
    );
  }
}

interface OffersRequest {
  query: OffersQuery;
  providers: ProviderId[] | undefined;
}

/** Offers parameters, exactly as `cloudtop offers <flags> -o json` reads its flags. */
export function parseOffersParams(params: URLSearchParams): OffersRequest {
  const cmd = offersCommand();
  const byName = new Map(cmd.options.map((o) => [nameOf(o), o]));
  rejectUnknown(params, [...byName.keys(), 'provider']);
  const argv: string[] = [];
  for (const [k, v] of params) {
    const opt = byName.get(k);
    if (!opt) continue;
    if (opt.required || opt.optional) {
      argv.push(`--${k}=${v}`);
    } else if (v === '' || v === 'true' || v === '1') {
      argv.push(`--${k}`);
    } else if (v !== 'false' && v !== '0') {
      throw new BadParameter(k, `${k}: "${v}" is not true or false`);
    }
  }
  try {
    cmd.parse(argv, { from: 'user' });
    return { query: offersQueryFromOptions(cmd.opts(), true), providers: providersParam(params) };
  } catch (e) {
    if (e instanceof UsageError) throw fromUsage(e);
    if (e instanceof CommanderError) {
      const m = /'--([a-z][a-z0-9-]*)/.exec(e.message);
      throw new BadParameter(m ? m[1]! : null, e.message.replace(/^error: /, ''));
    }
    throw e;
  }
}

interface ResourcesRequest {
  kinds: ResourceKind[];
  providers: ProviderId[] | undefined;
}

/** Resources parameters, as `cloudtop resources --kind … --provider …` reads them. */
export function parseResourcesParams(params: URLSearchParams): ResourcesRequest {
  rejectUnknown(params, ['kind', 'provider']);
  try {
    return { kinds: parseKinds(params.getAll('kind')), providers: providersParam(params) };
  } catch (e) {
    if (e instanceof UsageError) throw fromUsage(e);
    throw e;
  }
}

export const HISTORY_PARAMETERS: QueryParameterInfo[] = [
  {
    name: 'gpu',
    description: 'GPU family or model: H100, H100-SXM, A100-80GB, 4090 (required)',
    boolean: false,
    repeatable: false,
  },
  PROVIDER_PARAMETER,
  {
    name: 'region',
    description: 'only these region ids, repeatable or comma-separated',
    boolean: false,
    repeatable: true,
  },
  { name: 'count', description: 'only offers with this many GPUs', boolean: false, repeatable: false },
  { name: 'since', description: 'how far back: 30d (default), 2w, 12h', boolean: false, repeatable: false },
];

/** History parameters, as `cloudtop history --gpu … --region … --count … --since …` reads them (UTC days). */
export function parseHistoryParams(params: URLSearchParams): HistoryQuery {
  rejectUnknown(params, ['gpu', 'provider', 'region', 'count', 'since']);
  const one = (k: string): string | undefined => params.get(k) ?? undefined;
  try {
    return historyQueryFromOptions(
      { gpu: one('gpu'), region: params.getAll('region'), count: one('count'), since: one('since') },
      providersParam(params),
      0,
    );
  } catch (e) {
    if (e instanceof UsageError) throw fromUsage(e);
    throw e;
  }
}

/** Endpoints without parameters still refuse unknown ones (a typo should not pass silently). */
export function parseNoParams(params: URLSearchParams): void {
  rejectUnknown(params, []);
}
