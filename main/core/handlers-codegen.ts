import type { CodegenTarget } from '../../preload/contract';
import { placeholderFor } from './auth/placeholders';
import { CodeMarkers, generateCode } from './codegen/generate';
import type { Handlers } from './dispatch';
import { AppError } from './errors';
import type { HandlerDeps } from './handlers';
import { prepareRequest, type ParsedRequestSpec } from './http/prepare';
import { resolveContextOf, undefinedVariable } from './variables/variable-service';

/** `token2` → `TOKEN2`, `api.key` → `API_KEY`: a name every shell accepts. */
export function envNameOf(variable: string): string {
  return variable.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/**
 * Code generation ('codegen:generate', and 'http:curl' as its cURL case): variables
 * resolved like a send, except that secret ones — like the connection's credential —
 * become environment-variable placeholders. No secret is read, so no keychain is needed.
 */
export function codegenHandlers(d: HandlerDeps): Pick<Handlers, 'codegen:generate' | 'http:curl'> {
  async function generate(spec: Omit<ParsedRequestSpec, 'confirmation'>, target: CodegenTarget) {
    const config = await d.connections.configOf(spec.connectionId);
    if (!config.baseUrl) {
      throw new AppError(
        'demo_not_running',
        'Start the demo tenant first: the command needs its address.',
      );
    }
    const markers = new CodeMarkers();
    const credentialVariable = placeholderFor(config.kind, config.auth.scheme)?.variable;
    // One environment variable per secret variable; two names that map to one (`a.b`, `a_b`)
    // or onto the credential's get a suffix instead of sharing a value.
    const owners = new Map<string, string>(credentialVariable ? [[credentialVariable, '']] : []);
    const envOf = (name: string) => {
      const base = envNameOf(name);
      for (let n = 1; ; n++) {
        const candidate = n === 1 ? base : `${base}_${n}`;
        const owner = owners.get(candidate);
        if (owner === undefined) owners.set(candidate, name);
        if (owner === undefined || owner === name) return candidate;
      }
    };
    const r = await d.variables.resolve(spec, {
      ...resolveContextOf(spec),
      secretAs: (name) => markers.env(envOf(name)),
    });
    if (r.unresolved.length > 0) throw undefinedVariable(r);
    const prepared = prepareRequest(r.spec, config.baseUrl, 'codegen');
    const sameOrigin = prepared.url.origin === new URL(config.baseUrl).origin;
    // Only the placeholder is needed: no secret is looked up and no token is fetched.
    const credential = sameOrigin
      ? placeholderFor(config.kind, config.auth.scheme, prepared.url.pathname)
      : undefined;
    return generateCode(prepared, target, { credential, markers });
  }

  return {
    'codegen:generate': async ({ spec, target }) => generate(spec, target),
    'http:curl': async (input) => {
      const { code, placeholders } = await generate(input, 'curl');
      return { command: code, placeholders };
    },
  };
}
