import { describe, expect, it } from 'vitest';
import {
  DEMO_SSX_ADMINS,
  SSX_PERMISSION_DESCRIPTIONS,
  SSX_PERMISSIONS,
  SSX_ROLE_PERMISSIONS,
  SSX_ROLES,
  permissionsFor,
} from '../../main/demo/securex';

describe('Secure X role → permission table', () => {
  it('names every permission as area:verb and describes it', () => {
    for (const permission of SSX_PERMISSIONS) {
      expect(permission).toMatch(/^[a-z]+:[a-z]+$/);
      expect(SSX_PERMISSION_DESCRIPTIONS[permission].length).toBeGreaterThan(10);
    }
  });

  it('grants the administrator everything', () => {
    expect(permissionsFor('administrator')).toEqual(SSX_PERMISSIONS);
  });

  it('keeps the auditor read-only', () => {
    expect(permissionsFor('auditor').every((p) => p.endsWith(':read'))).toBe(true);
    expect(permissionsFor('auditor')).toContain('audit:read');
  });

  it('lets the operator queue and dispatch but never review or approve', () => {
    const operator = permissionsFor('operator');
    expect(operator).toEqual(
      expect.arrayContaining(['commands:queue', 'campaigns:write', 'jobs:run', 'sessions:revoke']),
    );
    expect(operator.filter((p) => p.endsWith(':review'))).toEqual([]);
    expect(operator).not.toContain('integrations:write');
  });

  it('only uses known permissions and roles, in canonical order', () => {
    for (const role of SSX_ROLES) {
      for (const p of SSX_ROLE_PERMISSIONS[role]) expect(SSX_PERMISSIONS).toContain(p);
      const ordered = permissionsFor(role);
      expect(ordered).toEqual(SSX_PERMISSIONS.filter((p) => ordered.includes(p)));
    }
    for (const admin of DEMO_SSX_ADMINS) expect(SSX_ROLES).toContain(admin.role);
  });

  it('has the four demo accounts the console and docs rely on', () => {
    expect(DEMO_SSX_ADMINS.map((a) => [a.username, a.role, a.locked === true])).toEqual([
      ['admin', 'administrator', false],
      ['operator', 'operator', false],
      ['auditor', 'auditor', false],
      ['locked', 'operator', true],
    ]);
  });
});
