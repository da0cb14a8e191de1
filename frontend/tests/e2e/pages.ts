// Every page of the web client, for the accessibility and screenshot walk (a11y.spec.ts).
// `route` is the path exactly as src/app/router.tsx spells it: the walk fails when a route
// there has no entry here, so a new screen is added to this list with the route itself.
import type { Seeded } from './seed';

export type PageIds = Seeded & {
  /** A school with goals, agreements aligned to them, and a coaching pair. */
  goalsSchoolId: string;
  goalsSchoolName: string;
  goalId: string;
  goalTitle: string;
  programId: string;
  programName: string;
  matchId: string;
  matchName: string;
  webhookId: string;
  webhookUrl: string;
  importJobId: string;
  importFileName: string;
};

export type PageVisit = {
  /** Screenshot file name. */
  name: string;
  route: string;
  path: string;
  /** The page's level-1 heading, seen once it has loaded. */
  heading: string | RegExp;
};

export const pages = (ids: PageIds): PageVisit[] => [
  { name: 'home', route: '/', path: '/', heading: 'Today' },
  { name: 'schools', route: 'schools', path: '/schools', heading: 'Schools' },
  { name: 'school-new', route: 'schools/new', path: '/schools/new', heading: 'New school' },
  { name: 'school', route: 'schools/:schoolId', path: `/schools/${ids.mapleGroveId}`, heading: 'Maple Grove Elementary' },
  { name: 'school-edit', route: 'schools/:schoolId/edit', path: `/schools/${ids.mapleGroveId}/edit`, heading: 'Edit Maple Grove Elementary' },
  { name: 'school-summary', route: 'schools/:schoolId/summary', path: `/schools/${ids.goalsSchoolId}/summary`, heading: ids.goalsSchoolName },
  { name: 'people', route: 'people', path: '/people', heading: 'People' },
  { name: 'people-due', route: 'people', path: '/people?due=1', heading: 'Contacts due for re-verification' },
  { name: 'person', route: 'people/:personId', path: `/people/${ids.principalId}`, heading: 'Ada Lovelace' },
  { name: 'person-edit', route: 'people/:personId/edit', path: `/people/${ids.principalId}/edit`, heading: 'Edit Ada Lovelace' },
  { name: 'partners', route: 'partners', path: '/partners', heading: 'Partners' },
  { name: 'partner-new', route: 'partners/new', path: '/partners/new', heading: 'New partner' },
  { name: 'partner', route: 'partners/:partnerId', path: `/partners/${ids.partnerId}`, heading: 'Cityscape Tutoring' },
  { name: 'partner-edit', route: 'partners/:partnerId/edit', path: `/partners/${ids.partnerId}/edit`, heading: 'Edit Cityscape Tutoring' },
  { name: 'agreements', route: 'agreements', path: '/agreements', heading: 'Agreements' },
  { name: 'agreement-new', route: 'agreements/new', path: '/agreements/new', heading: 'New agreement' },
  { name: 'agreement', route: 'agreements/:agreementId', path: `/agreements/${ids.agreementId}`, heading: 'Reading Buddies' },
  { name: 'agreement-edit', route: 'agreements/:agreementId/edit', path: `/agreements/${ids.agreementId}/edit`, heading: 'Edit Reading Buddies' },
  { name: 'goals', route: 'goals', path: `/goals?school_id=${ids.goalsSchoolId}`, heading: 'Goals' },
  { name: 'goals-all', route: 'goals', path: '/goals', heading: 'Goals' },
  { name: 'goals-alignment', route: 'goals/alignment', path: `/goals/alignment?school_id=${ids.goalsSchoolId}`, heading: 'Which agreements serve which goals' },
  { name: 'goal-new', route: 'goals/new', path: '/goals/new', heading: 'New goal' },
  { name: 'goal', route: 'goals/:goalId', path: `/goals/${ids.goalId}`, heading: ids.goalTitle },
  { name: 'goal-edit', route: 'goals/:goalId/edit', path: `/goals/${ids.goalId}/edit`, heading: 'Edit goal' },
  { name: 'mentoring', route: 'mentoring', path: '/mentoring', heading: 'Mentoring and coaching' },
  ...(['pairs', 'participants', 'suggestions', 'caseloads'] as const).map((tab) => ({
    name: `mentoring-program-${tab}`,
    route: 'mentoring/programs/:programId',
    path: `/mentoring/programs/${ids.programId}${tab === 'pairs' ? '' : `?tab=${tab}`}`,
    heading: ids.programName,
  })),
  { name: 'mentoring-match', route: 'mentoring/matches/:matchId', path: `/mentoring/matches/${ids.matchId}`, heading: ids.matchName },
  { name: 'impact', route: 'impact', path: '/impact', heading: 'Impact of mentoring and coaching' },
  ...(['users', 'clients', 'webhooks'] as const).map((tab) => ({
    name: `admin-${tab}`,
    route: 'admin',
    path: `/admin?tab=${tab}`,
    heading: 'Administration',
  })),
  { name: 'admin-webhook', route: 'admin/webhooks/:webhookId', path: `/admin/webhooks/${ids.webhookId}`, heading: ids.webhookUrl },
  { name: 'imports', route: 'imports', path: '/imports', heading: 'Imports' },
  { name: 'import', route: 'imports/:jobId', path: `/imports/${ids.importJobId}`, heading: ids.importFileName },
  { name: 'not-found', route: '*', path: '/no-such-page', heading: 'Not found' },
];

/** Pages seen before signing in. */
export const SIGNED_OUT: PageVisit[] = [{ name: 'sign-in', route: '/sign-in', path: '/sign-in', heading: 'Trellis' }];
