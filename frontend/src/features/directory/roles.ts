import type { StaffRole } from '../../api/gen/types.gen';

export const ROLES: StaffRole[] = [
  'principal', 'assistant_principal', 'teacher', 'interventionist', 'specialist', 'therapist',
  'counselor', 'partnerships_coordinator', 'coach', 'director', 'senior_director',
  'executive_director', 'senior_associate', 'associate', 'assistant', 'superintendent', 'volunteer', 'other',
];
