/**
 * The `cloudtop` command line (commander). Global flags are parsed once into GlobalOptions; each
 * command is a function of (context, options) returning an exit code (0 ok, 1 all requested
 * providers failed, 2 usage or config error).
 */
import { Command, CommanderError, Option } from 'commander';
import type { CliContext, CoreHandle, OpenCoreOptions } from './context';
import { EXIT, UsageError, type CliIO } from './io';
import { createStyle } from './output/ansi';
import { addOfferFilterOptions, addOffersOptions } from './offer-flags';
import { CloudtopError } from '../../shared/model/errors';
// Each command's implementation is imported when that command runs (`--version`, `--help` and
// `status` must start fast); the options stay defined here. The commands that run on the core come
// as one module (commands/index.ts); serve, sim and top are the heaviest and come alone: the server
// (ws, prom-client), simulators and ink are not needed by the other commands.

export interface RunCliDeps {
  io: CliIO;
  version: string;
  /** Builds the core for a command (tests inject simulators, fake stores). */
  openCore: (o: OpenCoreOptions, ctx: Omit<CliContext, 'openCore'>) => Promise<CoreHandle>;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** The commands whose output -w/--watch redraws. */
const REFRESHABLE = new Set(['status', 'offers', 'resources']);

/** `notify test`, `auth set`: a command's name with its parents', below `cloudtop`. */
function commandPath(c: Command): string {
  const names: string[] = [];
  for (let at: Command | null = c; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/**
 * `cloudtop -w offers`: -w takes an optional interval, and commander would read `offers` as it
 * (then find no command, and print the help). A command name right after -w is the command: the
 * flag gets its default interval, written out.
 */
export function withBareWatchFlag(argv: readonly string[], commandNames: ReadonlySet<string>): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length - 1; i++) {
    if (out[i] === '--') break;
    if ((out[i] === '-w' || out[i] === '--watch') && commandNames.has(out[i + 1]!)) {
      out[i] = `--watch=${DEFAULT_WATCH_INTERVAL}`;
      break;
    }
  }
  return out;
}
// options.ts' DEFAULT_INTERVAL_MS, written out: options.ts (and its schema) loads only when a command runs.
const DEFAULT_WATCH_INTERVAL = '30s';

/** The commands that run on the core, loaded together on first use (commands/index.ts). */
const commands = () => import('./commands');

export async function runCli(argv: string[], deps: RunCliDeps): Promise<number> {
  const { io } = deps;
  let exitCode: number = EXIT.ok;
  const program = new Command('cloudtop');
  program
    .description('top for your clouds: GPU offers across markets and your own cloud resources')
    .version(deps.version, '-V, --version')
    .addOption(new Option('-o, --output <mode>', 'table, wide or json').default('table'))
    .option(
      '-w, --watch [interval]',
      'status, offers, resources: refresh every interval (default 30s) with a clean redraw, Ctrl+C to quit; watch: its poll interval',
    )
    .option(
      '-p, --provider <ids>',
      'providers to use, repeatable or comma-separated (default: every configured one)',
      collect,
    )
    .option(
      '--timeout <duration>',
      'wait at most this long for the slowest provider, then show the others (default 20s)',
    )
    .option('-c, --config <file>', 'cloudtop.json to use (default: the platform config dir)')
    .option('--no-color', 'no ANSI colours (NO_COLOR is honoured too)')
    .option('-v, --verbose', 'log to stderr as well as the log file')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  // The global flags are checked when a command runs (options.ts comes with its schema, which
  // `--version` and `--help` do not need).
  const context = async (): Promise<CliContext> => {
    const { parseGlobalOptions } = await import('./options');
    const opts = parseGlobalOptions(program.opts(), io.env, io.stdout.isTTY === true);
    const base = { io, opts, style: createStyle(opts.color), version: deps.version };
    return { ...base, openCore: (o) => deps.openCore(o, base) };
  };
  const action =
    <A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      exitCode = await fn(await context(), ...args);
    };

  program
    .command('status')
    .description('provider health: state, last success, errors')
    .action(action(async (ctx) => (await commands()).statusCommand(ctx)));
  program
    .command('providers')
    .description('every provider cloudtop knows, and whether it is configured')
    .action(action(async (ctx) => (await commands()).providersCommand(ctx)));

  addOffersOptions(program.command('offers').description('GPU offers across markets, cheapest first')).action(
    action(async (ctx, o: Record<string, unknown>) => (await commands()).offersCommand(ctx, o)),
  );

  program
    .command('resources')
    .description('your own cloud resources with state and latest metrics')
    .option(
      '--kind <kind>',
      'only this kind (instance, gpu-instance, worker, bucket, project, branch, compute-endpoint…), repeatable',
      collect,
    )
    .action(action(async (ctx, o: Record<string, unknown>) => (await commands()).resourcesCommand(ctx, o)));

  program
    .command('history')
    .description('when a GPU was available, how long it stayed, what it cost (recorded while cloudtop polls)')
    .option('--gpu <query>', 'GPU family or model: H100, H100-SXM, A100-80GB, 4090 (required)')
    .option('--region <ids>', 'only these region ids, repeatable or comma-separated', collect)
    .option('--count <n>', 'only offers with this many GPUs')
    .option('--since <duration>', 'how far back: 30d (default), 2w, 12h')
    .action(action(async (ctx, o: Record<string, unknown>) => (await commands()).historyCommand(ctx, o)));

  addOfferFilterOptions(program.command('watch').description('print an alert when a matching GPU offer appears'))
    // No commander default: -w may give the interval instead (watch.ts defaults to 30s).
    .option('--interval <duration>', "poll interval (e.g. 30s, 2m; default 30s, or -w's interval)")
    .option('--exit-on-match', 'exit 0 printing the matching offers as soon as one appears')
    .option(
      '--notify <target>',
      'also send alerts to slack:URL, discord:URL, ntfy:URL/topic, telegram:TOKEN@CHAT, pagerduty:KEY, webhook:URL[#whsec_…], exec:CMD (repeatable)',
      collect,
    )
    .action(action(async (ctx, o: Record<string, unknown>) => (await commands()).watchCommand(ctx, o)));

  const notify = program
    .command('notify')
    .description('alert channels: Slack, Discord, ntfy, Telegram, PagerDuty, webhooks, exec');
  notify
    .command('test <target>')
    .description('send a test alert to a target (kind:address) or a channel named in cloudtop.json')
    .action(action(async (ctx, target: string) => (await commands()).notifyTestCommand(ctx, target)));
  notify
    .command('list')
    .description('channels defined in cloudtop.json (names and kinds, never the addresses)')
    .action(action(async (ctx) => (await commands()).notifyListCommand(ctx)));

  const auth = program
    .command('auth')
    .description('credentials in the OS keychain (values are read from a prompt or stdin, never argv)');
  auth
    .command('set <provider>')
    .description('store credentials for a provider (prompts on a terminal; reads stdin otherwise)')
    .option('-a, --account <name>', 'account (profile) name', 'default')
    .option('--field <name>', 'set only this field')
    .option('--from-file <path>', 'read the field value from a file (PEM keys), with --field')
    .option('--no-test', 'save without testing the connection first')
    .action(
      action(async (ctx, provider: string, o: Record<string, unknown>) => (await commands()).authSet(ctx, provider, o)),
    );
  auth
    .command('delete <provider>')
    .description('remove stored credentials for a provider account')
    .option('-a, --account <name>', 'account (profile) name', 'default')
    .action(
      action(async (ctx, provider: string, o: Record<string, unknown>) =>
        (await commands()).authDelete(ctx, provider, o),
      ),
    );
  auth
    .command('list [provider]')
    .description('which credentials are set and where they come from (never the values)')
    .action(action(async (ctx, provider: string | undefined) => (await commands()).authList(ctx, provider)));
  auth
    .command('import')
    .description(
      'offer to import credentials your other tools hold (~/.oci/config, CLOUDFLARE_API_TOKEN, NEON_API_KEY)',
    )
    .option('-y, --yes', 'import everything found without asking')
    .action(action(async (ctx, o: Record<string, unknown>) => (await commands()).authImport(ctx, o)));

  program
    .command('serve')
    .description('serve the window to a browser on 127.0.0.1 with a token, WebSocket push and /metrics')
    .option('--host <host>', 'address to bind (default 127.0.0.1; anything else is reachable from other machines)')
    .option('--port <n>', 'port (default: a free one)')
    .option('--demo', 'run over churning simulators instead of real providers')
    .option('--open', 'open the URL in the default browser')
    .action(action(async (ctx, o: Record<string, unknown>) => (await import('./commands/serve')).serveCommand(ctx, o)));

  program
    .command('top')
    .description('live terminal dashboard: providers, GPU prices, your resources and alerts (q quits)')
    .option('--demo', 'run over churning simulators instead of real providers')
    .option('--no-bell', 'no terminal bell when an alert fires')
    .action(action(async (ctx, o: Record<string, unknown>) => (await import('../tui')).topCommand(ctx, o)));

  program
    .command('sim')
    .description('run provider simulators and print their base URLs and credentials')
    .option('--scenario <name>', 'simulator scenario (default: default)')
    .option('--port <n>', 'first port (default: free ports)')
    .option('--seed <n>', 'seed for demo data')
    .option('--churn <seconds>', 'demo churn step (default 5)')
    .option('--no-demo', 'static data, no churn')
    .option('--hang <ids>', 'fault switch: these simulators never answer (test timeouts), repeatable', collect)
    .action(action(async (ctx, o: Record<string, unknown>) => (await import('./commands/sim')).simCommand(ctx, o)));

  // -w refreshes the one-shot views; `watch` polls by itself, and takes -w as its poll interval.
  program.hook('preAction', (_program, command) => {
    if (program.opts().watch === undefined) return;
    const name = commandPath(command);
    if (REFRESHABLE.has(name)) return;
    if (name === 'watch') {
      if (command.getOptionValueSource('interval') === 'cli')
        throw new UsageError('watch: give the poll interval once, with --interval or with -w');
      return;
    }
    throw new UsageError(
      `-w/--watch refreshes status, offers and resources (and gives watch its poll interval); \`cloudtop ${name}\` does not take it`,
    );
  });

  try {
    await program.parseAsync(withBareWatchFlag(argv, new Set(program.commands.map((c) => c.name()))), {
      from: 'user',
    });
    // Ctrl+C ends any command quietly with 130 (128 + SIGINT, what shells report), so
    // `cloudtop watch --exit-on-match … && next` does not run `next` when the user gave up.
    return io.stopSignal?.() === 'SIGINT' ? EXIT.interrupted : exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`cloudtop: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof CloudtopError && (e.code === 'config' || e.code === 'keychain_unavailable')) {
      io.stderr.write(`cloudtop: ${e.message}${e.hint ? `\n  ${e.hint}` : ''}\n`);
      return EXIT.usage;
    }
    if (e instanceof CloudtopError) {
      io.stderr.write(`cloudtop: ${e.message}${e.hint ? `\n  ${e.hint}` : ''}\n`);
      return EXIT.allFailed;
    }
    io.stderr.write(
      `cloudtop: unexpected error: ${e instanceof Error ? e.message : String(e)}\n  Please report it with the log file (see README "Logs").\n`,
    );
    return EXIT.allFailed;
  }
}
