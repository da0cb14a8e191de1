import type { PartnerKind, PartnerStatus, ServiceCategory, StaffRole } from '../../api/gen/types.gen';

export const PARTNER_KINDS: PartnerKind[] = [
  'nonprofit', 'service_corps', 'business', 'higher_ed', 'community_college', 'parent_group',
  'cultural', 'health_provider', 'government', 'faith_based', 'other',
];
export const PARTNER_STATUSES: PartnerStatus[] = ['prospective', 'active', 'inactive'];
export const SERVICE_CATEGORIES: ServiceCategory[] = [
  'tutoring', 'mentoring', 'after_school', 'health', 'mental_health', 'family_engagement',
  'college_career', 'enrichment', 'physical_activity', 'professional_development', 'funding', 'other',
];
/** Roles people hold at a partner organisation, most common first. */
export const PARTNER_ROLES: StaffRole[] = [
  'director', 'executive_director', 'senior_director', 'partnerships_coordinator', 'coach',
  'senior_associate', 'associate', 'assistant', 'volunteer', 'other',
];
