/**
 * The flags of `cloudtop offers` and `cloudtop watch` (offer filters, sort, limit): declared on every
 * start, for `--help` and parsing. Plain commander, no schemas: `--version` and `--help` load nothing
 * else. What the values mean and how they are checked is offer-args.ts, loaded with the commands.
 */
import type { Command } from 'commander';

const collect = (v: string, prev: string[] = []): string[] => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export function addOfferFilterOptions(cmd: Command): Command {
  return cmd
    .option(
      '--gpu <model>',
      'GPU family or model, repeatable or comma-separated (H100, H100-SXM, 4090, "RTX 4090")',
      collect,
    )
    .option('--min-count <n>', 'at least this many GPUs per offer')
    .option('--max-count <n>', 'at most this many GPUs per offer')
    .option('--max-price <usd>', 'max $ per GPU-hour')
    .option('--max-total-price <usd>', 'max $ per hour for the whole offer')
    .option('--min-vram <gb>', 'min VRAM per GPU in GB')
    .option('--region <id>', 'region id or ISO country code, repeatable', collect)
    .option('--billing <kind>', 'on-demand, interruptible, spot, reserved; repeatable', collect)
    .option('--cloud <tier>', 'secure or community (where the market has it)', collect)
    .option('--min-reliability <0-1>', 'minimum host reliability (0..1, or a percentage like 98%)')
    .option('--verified', 'only verified hosts')
    .option('--include-unavailable', 'also list offers with no capacity right now')
    .option(
      '--listed',
      'also match catalogue offers whose capacity is unknown (availability "listed"; offers shows them by default, watch only with this flag)',
    )
    .option('--no-listed', 'leave out catalogue offers whose capacity is unknown')
    .option('--search <text>', 'free-text match on model, raw name, region and provider');
}

/** The `offers` flags; `serve`'s `GET /api/v1/offers` parses its query parameters with the same ones. */
export function addOffersOptions(cmd: Command): Command {
  return addOfferFilterOptions(cmd)
    .option('--sort <key>', 'gpu-hour (default), hour, vram, gpu, provider, reliability')
    .option('--limit <n>', 'show at most n offers (table default 50; JSON default all)')
    .option('--group', 'one line per GPU model: cheapest $/GPU-h and where');
}
