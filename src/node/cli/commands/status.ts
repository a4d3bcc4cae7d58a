import type { CliContext } from '../context';
import { refreshWithProgress } from '../context';
import { EXIT } from '../io';
import { jsonDocument, renderProviders } from '../render';
import { renderLoop } from '../watch-loop';

/** `cloudtop status`: provider health. Exit 1 when every requested provider failed. */
export async function statusCommand(ctx: CliContext): Promise<number> {
  const handle = await ctx.openCore({
    includeAnonymous: ctx.opts.providers !== undefined,
    providers: ctx.opts.providers,
  });
  try {
    for (const n of handle.notices) ctx.io.stderr.write(ctx.style.yellow(`! ${n}\n`));
    const configured = await handle.core.configuredProviders();
    if (configured.length === 0) {
      const hint =
        'No providers configured yet.\n' +
        '  • GPU offers from Vast.ai need no key:   cloudtop offers --gpu H100\n' +
        '  • add a key to the keychain:             cloudtop auth set <provider>\n' +
        '  • or set CLOUDTOP_<PROVIDER>_<FIELD> environment variables (see `cloudtop providers`)\n' +
        '  • or try everything against simulators:  cloudtop serve --demo\n';
      if (ctx.opts.output === 'json') ctx.io.stdout.write(jsonDocument(handle.core.snapshot(), {}));
      else ctx.io.stdout.write(hint);
      return EXIT.ok;
    }
    return await renderLoop(
      ctx,
      async () => {
        const snap = await refreshWithProgress(ctx, handle.core, ctx.opts.providers);
        const requested = snap.providers.filter((p) => configured.includes(p.provider));
        const allFailed = requested.length > 0 && requested.every((p) => p.state === 'error');
        const text =
          ctx.opts.output === 'json'
            ? jsonDocument(snap, {})
            : renderProviders(snap, ctx.style, ctx.opts.output === 'wide', Date.now());
        return { text, code: allFailed ? EXIT.allFailed : EXIT.ok };
      },
      'cloudtop status',
    );
  } finally {
    await handle.close();
  }
}
