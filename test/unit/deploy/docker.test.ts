/**
 * No Docker engine runs on this machine, so the container files are checked here: the compose file
 * and Prometheus/Grafana provisioning are parsed and cross-checked (services, secrets, mounts that
 * exist, scrape target = the cloudtop service and port), the Dockerfile's rules are checked
 * instruction by instruction, and the entry point is run as a process (serve on 0.0.0.0 with a token
 * from a file: /healthz open, /metrics only with the token, the compose Host name accepted).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const DEPLOY = path.join(ROOT, 'deploy');
const read = (p: string): string => fs.readFileSync(path.join(DEPLOY, p), 'utf8');

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  environment?: Record<string, string>;
  secrets?: string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  command?: string[];
  user?: string;
}
const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
};

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\S+)\s*(.*)$/.exec(l)!;
      return { op: m[1]!.toUpperCase(), args: m[2]! };
    });
}

describe('deploy/docker-compose.yml', () => {
  it('runs cloudtop, Prometheus and Grafana, with pinned images and local-only ports', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['cloudtop', 'grafana', 'prometheus']);
    const ct = compose.services.cloudtop!;
    expect(fs.existsSync(path.join(DEPLOY, ct.build!.context, ct.build!.dockerfile))).toBe(true);
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.image && name !== 'cloudtop') expect(s.image, name).toMatch(/:[vV]?\d+\.\d+\.\d+$/);
      for (const p of s.ports ?? []) expect(p, `${name} publishes ${p}`).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('gives cloudtop its token from a secret file, never inline', () => {
    const ct = compose.services.cloudtop!;
    expect(ct.environment?.CLOUDTOP_SERVE_TOKEN).toBeUndefined();
    expect(ct.environment?.CLOUDTOP_SERVE_TOKEN_FILE).toBe('/run/secrets/cloudtop_token');
    expect(ct.secrets).toContain('cloudtop_token');
    expect(compose.secrets.cloudtop_token!.file).toBe('./secrets/cloudtop_token');
    expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8')).toMatch(/^deploy\/secrets\/$/m);
    expect(ct.environment?.CLOUDTOP_SERVE_ALLOWED_HOSTS).toBe('cloudtop');
    expect(ct.volumes).toEqual(expect.arrayContaining(['./config:/config:ro', 'cloudtop-data:/data']));
  });

  it('Prometheus scrapes the cloudtop service with the token from the same secret', () => {
    const prom = compose.services.prometheus!;
    expect(prom.secrets).toContain('cloudtop_token');
    const mount = prom.volumes!.find((v) => v.endsWith(':/etc/prometheus/prometheus.yml:ro'))!;
    const cfg = parse(read(mount.split(':')[0]!)) as {
      scrape_configs: {
        job_name: string;
        metrics_path: string;
        authorization: { type: string; credentials_file: string };
        static_configs: { targets: string[] }[];
      }[];
    };
    const job = cfg.scrape_configs.find((j) => j.job_name === 'cloudtop')!;
    expect(job.metrics_path).toBe('/metrics');
    expect(job.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/secrets/cloudtop_token' });
    const containerPort = compose.services.cloudtop!.ports![0]!.split(':').pop();
    expect(job.static_configs[0]!.targets).toEqual([`cloudtop:${containerPort}`]);
    expect(prom.depends_on).toMatchObject({ cloudtop: { condition: 'service_healthy' } });
  });

  it('Grafana is provisioned with the Prometheus datasource and the dashboard file', () => {
    const g = compose.services.grafana!;
    const mounts = new Map(
      g.volumes!.filter((v) => v.startsWith('./')).map((v) => [v.split(':')[1]!, v.split(':')[0]!]),
    );
    for (const host of mounts.values()) expect(fs.existsSync(path.join(DEPLOY, host)), host).toBe(true);
    const provisioning = path.join(DEPLOY, mounts.get('/etc/grafana/provisioning')!);
    const ds = parse(fs.readFileSync(path.join(provisioning, 'datasources/prometheus.yml'), 'utf8')) as {
      datasources: { type: string; url: string }[];
    };
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    const dash = parse(fs.readFileSync(path.join(provisioning, 'dashboards/cloudtop.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    const dir = dash.providers[0]!.options.path;
    const dashboardMount = [...mounts.keys()].find((k) => k.startsWith(`${dir}/`))!;
    expect(mounts.get(dashboardMount)).toBe('./grafana/cloudtop-dashboard.json');
    expect(g.environment?.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe('/run/secrets/grafana_admin_password');
  });
});

describe('deploy/Dockerfile', () => {
  const ins = instructions(read('Dockerfile'));
  const froms = ins.filter((i) => i.op === 'FROM');
  const finalStage = ins.slice(ins.lastIndexOf(froms[froms.length - 1]!));

  it('is multi-stage on Node 24 slim', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f.args).toMatch(/^node:24(\.\d+)*-slim( AS \w+)?$/i);
    expect(finalStage.some((i) => i.op === 'COPY' && i.args.startsWith('--from=build'))).toBe(true);
    expect(ins.some((i) => i.op === 'RUN' && /npm ci\b/.test(i.args))).toBe(true);
    expect(ins.some((i) => i.op === 'ADD')).toBe(false);
  });

  it('runs as a non-root user with a HEALTHCHECK on /healthz, /config and /data volumes', () => {
    const users = finalStage.filter((i) => i.op === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]!.args).not.toMatch(/^(root|0)(:|$)/);
    const hc = finalStage.find((i) => i.op === 'HEALTHCHECK')!;
    expect(hc.args).toMatch(/\/healthz/);
    const vol = finalStage.find((i) => i.op === 'VOLUME')!;
    expect(JSON.parse(vol.args)).toEqual(expect.arrayContaining(['/config', '/data']));
    expect(finalStage.find((i) => i.op === 'EXPOSE')!.args).toBe('8080');
    expect(() => JSON.parse(finalStage.find((i) => i.op === 'ENTRYPOINT')!.args) as unknown).not.toThrow();
  });

  it('carries no token and binds 0.0.0.0 only through the entry point', () => {
    for (const i of ins.filter((x) => x.op === 'ENV' || x.op === 'ARG')) expect(i.args).not.toMatch(/TOKEN/);
    const entry = read('docker-entrypoint.sh');
    expect(entry).toMatch(/--host 0\.0\.0\.0/);
    // Nowhere else does cloudtop default to listening beyond loopback.
    expect(fs.readFileSync(path.join(ROOT, 'src/node/cli/commands/serve.ts'), 'utf8')).toMatch(/'127\.0\.0\.1'/);
    const ignore = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['node_modules', '.git', 'out', 'deploy/secrets']));
  });
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((ok) => srv.close(() => ok()));
  return port;
}

describe('the container entry point (as a process)', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-docker-'));
  const env = {
    ...process.env,
    CLOUDTOP_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    NO_COLOR: '1',
    CLOUDTOP_APP_DIR: ROOT,
    CLOUDTOP_CONFIG_FILE: path.join(home, 'no-config.json'),
  };

  it('refuses 0.0.0.0 without a fixed token', async () => {
    const child = spawn('sh', [path.join(DEPLOY, 'docker-entrypoint.sh'), '--demo'], {
      env: { ...env, CLOUDTOP_PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    expect(code).toBe(2);
    expect(err).toMatch(/needs a fixed token: set CLOUDTOP_SERVE_TOKEN or CLOUDTOP_SERVE_TOKEN_FILE/);
  }, 30_000);

  it('serves on 0.0.0.0 with the token from a file: /healthz open, /metrics with the token, compose Host allowed', async () => {
    const token = 'a'.repeat(8) + Math.random().toString(36).slice(2).padEnd(24, 'x');
    const tokenFile = path.join(home, 'token');
    fs.writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const port = await freePort();
    const child = spawn('sh', [path.join(DEPLOY, 'docker-entrypoint.sh'), '--demo'], {
      env: {
        ...env,
        CLOUDTOP_PORT: String(port),
        CLOUDTOP_SERVE_TOKEN_FILE: tokenFile,
        CLOUDTOP_SERVE_ALLOWED_HOSTS: 'cloudtop',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise<void>((ok, fail) => {
        const t = setTimeout(() => fail(new Error(`no start: ${out}`)), 45_000);
        child.stdout.on('data', () => {
          if (/is serving at/.test(out)) {
            clearTimeout(t);
            ok();
          }
        });
      });
      expect(out).not.toContain(token);
      expect(out).toMatch(/token from CLOUDTOP_SERVE_TOKEN_FILE/);
      // The entry point execs Node itself (same pid) with the young generation capped.
      if (process.platform === 'linux') {
        const argv = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
        expect(argv).toContain('--max-semi-space-size=16');
        expect(argv.some((a) => a.endsWith('bin/cloudtop.js'))).toBe(true);
      }
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/^# TYPE cloudtop_offers gauge/m);
      // What Prometheus sends in the compose network (Host: cloudtop:8080) — via a raw request.
      const viaService = await new Promise<number>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () =>
          s.write(
            `GET /metrics HTTP/1.1\r\nHost: cloudtop:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
          ),
        );
        let r = '';
        s.on('data', (d: Buffer) => (r += d.toString()));
        s.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(r)?.[1])));
        s.on('error', reject);
      });
      expect(viaService).toBe(200);
      const other = await new Promise<number>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () =>
          s.write(`GET /healthz HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`),
        );
        let r = '';
        s.on('data', (d: Buffer) => (r += d.toString()));
        s.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(r)?.[1])));
        s.on('error', reject);
      });
      expect(other).toBe(403);
    } finally {
      const gone = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGINT');
      await gone;
    }
  }, 60_000);
});
