import type { Role } from '../../api/gen/types.gen';
import { humanize } from '../../lib/format';

export const ROLES: Role[] = ['admin', 'district_manager', 'coordinator', 'partner', 'viewer'];
export const ROLE_CHOICES = ROLES.map((value) => ({ value, label: humanize(value) }));

export type Grant = { role: Role; district_ids: string[]; school_ids: string[]; partner_id: string | null };

/** Where a role works: the API refuses a grant that does not name the places its role needs. */
export function grantProblem(grant: Grant): string | null {
  switch (grant.role) {
    case 'district_manager':
      return grant.district_ids.length ? null : 'A district manager needs at least one district';
    case 'coordinator':
      return grant.school_ids.length ? null : 'A coordinator needs at least one school';
    case 'partner':
      return grant.partner_id ? null : 'A partner account needs its partner';
    case 'viewer':
      return grant.district_ids.length || grant.school_ids.length ? null : 'A viewer needs districts or schools';
    default:
      return null;
  }
}

/** Only the places the role uses, so a role changed on the form sends no stale scope. */
export function grantBody(grant: Grant): Grant {
  const uses = {
    admin: [],
    district_manager: ['district_ids'],
    coordinator: ['school_ids'],
    partner: ['partner_id'],
    viewer: ['district_ids', 'school_ids'],
  }[grant.role] as string[];
  return {
    role: grant.role,
    district_ids: uses.includes('district_ids') ? grant.district_ids : [],
    school_ids: uses.includes('school_ids') ? grant.school_ids : [],
    partner_id: uses.includes('partner_id') ? grant.partner_id : null,
  };
}
