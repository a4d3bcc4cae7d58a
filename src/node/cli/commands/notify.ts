/**
 * `--notify TARGET` (watch) and `cloudtop notify test|list`: alert channels from the command line.
 * Targets are secrets: they are registered with the log redactor by the core's channel hub, and
 * what is printed is the channel's label (kind and host) and the service's answer, never the target.
 */
import type { Core } from '../../../core/types';
import type { DeliveryRecord } from '../../../core/notify/dispatcher';
import type { CliContext } from '../context';
import { EXIT } from '../io';

/** Adds every `--notify` target to the core's channels; returns how many. Bad targets are usage errors. */
export function attachNotifyTargets(ctx: CliContext, core: Core, raw: unknown): number {
  const targets = Array.isArray(raw) ? raw.map(String) : raw === undefined ? [] : [String(raw)];
  targets.forEach((t, i) =>
    core.channels.add(t, { source: 'cli', where: targets.length > 1 ? `--notify #${i + 1}` : '--notify' }),
  );
  if (targets.length > 0) {
    const labels = core.channels
      .list()
      .filter((c) => c.source === 'cli')
      .map((c) => c.label);
    ctx.io.stderr.write(ctx.style.dim(`Alerts also go to: ${labels.join(', ')}\n`));
  }
  return targets.length;
}

/** One line per delivery on stderr; returns how many failed. */
export function reportDeliveries(ctx: CliContext, records: readonly DeliveryRecord[]): number {
  let failed = 0;
  for (const r of records) {
    if (r.ok) {
      ctx.io.stderr.write(
        ctx.style.dim(`${ctx.style.green('✓')} ${r.label}: ${r.type} delivered (${r.detail ?? 'ok'})\n`),
      );
    } else {
      failed++;
      ctx.io.stderr.write(
        `${ctx.style.red('✗')} ${r.error?.message ?? `${r.label}: failed`}${r.error?.hint ? `\n  ${r.error.hint}` : ''}\n`,
      );
    }
  }
  return failed;
}

/** `cloudtop notify test <TARGET|name>`: sends a test message and says what the service answered. */
export async function notifyTestCommand(ctx: CliContext, target: string): Promise<number> {
  const handle = await ctx.openCore({ includeAnonymous: false, providers: [] });
  try {
    const core = handle.core;
    await core.channels.loadSaved();
    // A name from cloudtop.json `channels`, or a target given here.
    const name = core.channels.has(target) ? target : core.channels.add(target, { source: 'cli', where: 'TARGET' });
    const r = await core.channels.test(name);
    if (ctx.opts.output === 'json') ctx.io.stdout.write(JSON.stringify(r, null, 2) + '\n');
    else if (r.ok) ctx.io.stdout.write(`${ctx.style.green('✓')} ${r.label}: test delivered (${r.detail ?? 'ok'})\n`);
    else reportDeliveries(ctx, [r]);
    return r.ok ? EXIT.ok : EXIT.allFailed;
  } finally {
    await handle.close();
  }
}

/** `cloudtop notify list`: the channels cloudtop.json defines (labels only). */
export async function notifyListCommand(ctx: CliContext): Promise<number> {
  const handle = await ctx.openCore({ includeAnonymous: false, providers: [] });
  try {
    await handle.core.channels.loadSaved();
    const list = handle.core.channels.list();
    if (ctx.opts.output === 'json') ctx.io.stdout.write(JSON.stringify(list, null, 2) + '\n');
    else if (list.length === 0) ctx.io.stdout.write('No channels. Add `channels` to cloudtop.json or use --notify.\n');
    else for (const c of list) ctx.io.stdout.write(`${c.name}\t${c.label}\t${c.source}\n`);
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
