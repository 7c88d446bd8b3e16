import { actionResult, validationError } from './envelope';
import { buildFilter } from './filters';
import { listEndpoint } from './list-endpoint';
import type { AnalystVerdict, IncidentStatus } from './model';
import type { Threat } from './model-threat';
import { jsonParams, parseBoolean } from './params';
import type { ApiContext, Router } from './router';
import { THREAT_FILTERS, THREAT_LISTING } from './threat-query';
import { applyIncident, applyMitigation, applyVerdict } from './threat-mutations';
import {
  ANALYST_VERDICTS,
  INCIDENT_STATUSES,
  MITIGATION_ACTIONS,
  type MitigationActionName,
} from './threat-labels';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bodyObject(ctx: ApiContext): Record<string, unknown> {
  if (!isRecord(ctx.body)) {
    throw validationError('Request body must be a JSON object with a "filter" object.');
  }
  return ctx.body;
}

/**
 * The threats an action applies to. An empty filter would hit the whole tenant, so the demo
 * insists that this is asked for explicitly with the `"tenant": true` scope.
 */
export function selectThreats(ctx: ApiContext, body: Record<string, unknown>): Threat[] {
  const filter = body.filter;
  if (!isRecord(filter))
    throw validationError('filter: This field is required and must be an object.');
  const params = jsonParams(filter);
  const tenantRaw = params.get('tenant');
  const tenant = tenantRaw === undefined ? false : parseBoolean(tenantRaw, 'filter.tenant');
  const { predicate, criteria } = buildFilter(params, THREAT_FILTERS);
  if (criteria === 0 && !tenant) {
    throw validationError(
      'filter: Give at least one criterion (for example "ids") or "tenant": true.',
    );
  }
  return ctx.state.data.threats.filter(predicate);
}

function enumField<T extends string>(
  data: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  required: boolean,
): T | undefined {
  const value = data[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const shown = value === undefined ? 'missing' : JSON.stringify(value).slice(0, 40);
    throw validationError(
      `data.${name}: ${shown} is not a valid choice. Valid: ${allowed.join(', ')}.`,
    );
  }
  return value as T;
}

function dataObject(body: Record<string, unknown>): Record<string, unknown> {
  if (!isRecord(body.data))
    throw validationError('data: This field is required and must be an object.');
  return body.data;
}

export function registerThreatRoutes(router: Router): void {
  router.get(
    '/threats',
    listEndpoint({
      collection: 'threats',
      items: (data) => data.threats,
      listing: THREAT_LISTING,
      filters: THREAT_FILTERS,
    }),
  );

  router.post('/threats/mitigate/:action', (ctx) => {
    const action = ctx.params.action ?? '';
    if (!(MITIGATION_ACTIONS as readonly string[]).includes(action)) {
      throw validationError(
        `action: "${action.slice(0, 40)}" is not a mitigation action. Valid: ${MITIGATION_ACTIONS.join(', ')}.`,
      );
    }
    const threats = selectThreats(ctx, bodyObject(ctx));
    const details = applyMitigation(ctx.state, threats, action as MitigationActionName);
    return actionResult(threats.length, details);
  });

  router.post('/threats/incident', (ctx) => {
    const body = bodyObject(ctx);
    const data = dataObject(body);
    const incidentStatus = enumField<IncidentStatus>(
      data,
      'incidentStatus',
      INCIDENT_STATUSES,
      true,
    );
    const verdict = enumField<AnalystVerdict>(data, 'analystVerdict', ANALYST_VERDICTS, false);
    const threats = selectThreats(ctx, body);
    const details = applyIncident(ctx.state, threats, incidentStatus as IncidentStatus, verdict);
    return actionResult(threats.length, details);
  });

  router.post('/threats/analyst-verdict', (ctx) => {
    const body = bodyObject(ctx);
    const data = dataObject(body);
    const verdict = enumField<AnalystVerdict>(data, 'analystVerdict', ANALYST_VERDICTS, true);
    const threats = selectThreats(ctx, body);
    const details = applyVerdict(ctx.state, threats, verdict as AnalystVerdict);
    return actionResult(threats.length, details);
  });
}
