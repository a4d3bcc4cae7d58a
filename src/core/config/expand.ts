import { formatPath, type PathSegment } from './paths';

interface ExpansionIssue {
  path: string;
  message: string;
}

interface ExpansionResult {
  value: unknown;
  issues: ExpansionIssue[];
  /** JSON paths of strings that contained at least one `${…}` reference. */
  expandedPaths: Set<string>;
}

type Env = Record<string, string | undefined>;

const REF = /\$\$\{|\$\{([^}]*)\}?/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Expands `${VAR}` and `${VAR:-default}` in string values (not in keys, `$comment` or `$schema`),
 * before validation.
 * `${VAR:-default}` uses the default when VAR is unset or empty, as in the shell; `$${` is a literal
 * `${`. A missing variable is an issue naming the JSON path and the variable; its value is not read
 * into any message.
 */
export function expandEnv(input: unknown, env: Env): ExpansionResult {
  const issues: ExpansionIssue[] = [];
  const expandedPaths = new Set<string>();

  const expandString = (s: string, path: PathSegment[]): string => {
    if (!s.includes('${')) return s;
    const where = formatPath(path);
    let referenced = false;
    const out = s.replace(REF, (match: string, body: string | undefined) => {
      if (match === '$${') return '${';
      if (!match.endsWith('}')) {
        issues.push({
          path: where,
          message: 'unterminated "${": write ${NAME} or ${NAME:-default} (use $${ for a literal "${")',
        });
        return match;
      }
      referenced = true;
      const sep = body!.indexOf(':-');
      const name = sep === -1 ? body! : body!.slice(0, sep);
      const fallback = sep === -1 ? undefined : body!.slice(sep + 2);
      if (!NAME.test(name)) {
        issues.push({ path: where, message: `"\${${name}}" is not a valid environment variable name` });
        return '';
      }
      const value = env[name];
      if (value === undefined || (fallback !== undefined && value === '')) {
        if (fallback !== undefined) return fallback;
        issues.push({
          path: where,
          message: `environment variable ${name} is not set (set it, or write \${${name}:-default})`,
        });
        return '';
      }
      return value;
    });
    if (referenced) expandedPaths.add(where);
    return out;
  };

  const walk = (v: unknown, path: PathSegment[]): unknown => {
    if (typeof v === 'string') return expandString(v, path);
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, i]));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      // `$comment` and `$schema` are for humans and editors: never expanded.
      for (const [k, item] of Object.entries(v))
        out[k] = k === '$comment' || k === '$schema' ? item : walk(item, [...path, k]);
      return out;
    }
    return v;
  };

  return { value: walk(input, []), issues, expandedPaths };
}
