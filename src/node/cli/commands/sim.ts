import type { CliContext } from '../context';
import { EXIT } from '../io';
import { parseProviderList } from '../options';
import { startSimulators } from '../../../sim/launch';
import { secretEnvName } from '../../../core/secrets/types';
import type { ProviderId } from '../../../shared/model';

/**
 * `cloudtop sim`: runs provider simulators on 127.0.0.1 and prints each base URL and the
 * credentials it accepts, so any client (cloudtop, curl, the official Vast CLI via VAST_URL) can
 * be pointed at them. Runs until Ctrl+C.
 */
export async function simCommand(ctx: CliContext, o: Record<string, unknown>): Promise<number> {
  const port = o.port !== undefined ? Number(o.port) : undefined;
  const hang = parseProviderList(o.hang as string[] | undefined) ?? [];
  const fleet = await startSimulators({
    providers: ctx.opts.providers,
    demo: o.demo !== false,
    scenario: typeof o.scenario === 'string' ? o.scenario : undefined,
    seed: o.seed !== undefined ? Number(o.seed) : undefined,
    port,
  });
  if (o.demo !== false) fleet.startChurn(Number(o.churn ?? 5) * 1000);
  // Fault switch: these simulators accept connections and never answer (a hanging provider).
  for (const s of fleet.sims) if (hang.includes(s.id)) s.http.control.hangNext(Number.POSITIVE_INFINITY);
  if (ctx.opts.output === 'json') {
    ctx.io.stdout.write(
      JSON.stringify(
        { simulators: fleet.sims.map((s) => ({ provider: s.id, baseUrl: s.baseUrl, credentials: s.credentials })) },
        null,
        2,
      ) + '\n',
    );
  } else {
    ctx.io.stdout.write('# Simulators are running. Point cloudtop at them with:\n');
    for (const s of fleet.sims) {
      ctx.io.stdout.write(`export CLOUDTOP_${s.id.toUpperCase()}_BASE_URL=${s.baseUrl}\n`);
      for (const [field, value] of Object.entries(s.credentials)) {
        // Simulator credentials are throwaway test values, printed so curl and CLIs can use them.
        const name = secretEnvName({ provider: s.id as ProviderId, profile: 'default', field });
        ctx.io.stdout.write(`export ${name}=${JSON.stringify(value)}\n`);
      }
    }
    const vast = fleet.sims.find((s) => s.id === 'vastai');
    if (vast)
      ctx.io.stdout.write(`# Official Vast CLI: VAST_URL=${vast.baseUrl} vastai search offers 'gpu_name=H100_SXM'\n`);
    ctx.io.stdout.write('# Ctrl+C to stop.\n');
  }
  await ctx.io.interrupted;
  await fleet.close();
  return EXIT.ok;
}
