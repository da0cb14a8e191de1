import type { Health, SupportTier } from '../../api/gen/types.gen';

export const CHECK_IN_CHANNELS = ['in_person', 'video', 'phone', 'email', 'other'] as const;
export const SUPPORT_TIERS: SupportTier[] = ['intensive', 'targeted', 'universal'];

export const HEALTH_LABEL: Record<Health, string> = {
  on_track: 'On track',
  needs_check_in: 'Needs a check-in',
  too_early: 'Too early to say',
};

// Dark shades keep badge text at AA contrast.
export const HEALTH_COLOR: Record<Health, string> = {
  on_track: '#1e6b30',
  needs_check_in: '#a63c06',
  too_early: 'gray.8',
};

export const TIER_COLOR: Record<SupportTier, string> = {
  intensive: 'red.9',
  targeted: '#a63c06',
  universal: 'blue.9',
};

export function mentorWord(kind: 'mentoring' | 'coaching' | undefined): { mentor: string; mentee: string; mentors: string; mentees: string } {
  return kind === 'coaching'
    ? { mentor: 'Coach', mentee: 'Coachee', mentors: 'Coaches', mentees: 'Coachees' }
    : { mentor: 'Mentor', mentee: 'Mentee', mentors: 'Mentors', mentees: 'Mentees' };
}
