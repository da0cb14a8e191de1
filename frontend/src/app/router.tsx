import { Center, Loader } from '@mantine/core';
import { createBrowserRouter } from 'react-router';

import { Layout } from '../routes/layout';
import { RouteError } from '../routes/route-error';

const pending = (
  <Center h="100vh" role="status" aria-label="Loading">
    <Loader aria-hidden />
  </Center>
);

// Every page is its own chunk: the first page loads only the shell and what it shows.
export const router = createBrowserRouter([
  {
    path: '/sign-in',
    lazy: () => import('../routes/sign-in'),
    errorElement: <RouteError />,
    hydrateFallbackElement: pending,
  },
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: pending,
    children: [
      { index: true, lazy: () => import('../routes/home') },
      { path: 'schools', lazy: () => import('../routes/schools') },
      { path: 'schools/new', lazy: () => import('../routes/school-new') },
      { path: 'schools/:schoolId', lazy: () => import('../routes/school') },
      { path: 'schools/:schoolId/edit', lazy: () => import('../routes/school-edit') },
      { path: 'schools/:schoolId/summary', lazy: () => import('../routes/school-summary') },
      { path: 'people', lazy: () => import('../routes/people') },
      { path: 'people/:personId', lazy: () => import('../routes/person') },
      { path: 'people/:personId/edit', lazy: () => import('../routes/person-edit') },
      { path: 'partners', lazy: () => import('../routes/partners') },
      { path: 'partners/new', lazy: () => import('../routes/partner-new') },
      { path: 'partners/:partnerId', lazy: () => import('../routes/partner') },
      { path: 'partners/:partnerId/edit', lazy: () => import('../routes/partner-edit') },
      { path: 'agreements', lazy: () => import('../routes/agreements') },
      { path: 'agreements/new', lazy: () => import('../routes/agreement-new') },
      { path: 'agreements/:agreementId', lazy: () => import('../routes/agreement') },
      { path: 'agreements/:agreementId/edit', lazy: () => import('../routes/agreement-edit') },
      { path: 'goals', lazy: () => import('../routes/goals') },
      { path: 'goals/alignment', lazy: () => import('../routes/goals-alignment') },
      { path: 'goals/new', lazy: () => import('../routes/goal-new') },
      { path: 'goals/:goalId', lazy: () => import('../routes/goal') },
      { path: 'goals/:goalId/edit', lazy: () => import('../routes/goal-edit') },
      { path: 'mentoring', lazy: () => import('../routes/mentoring') },
      { path: 'mentoring/programs/:programId', lazy: () => import('../routes/mentoring-program') },
      { path: 'mentoring/matches/:matchId', lazy: () => import('../routes/mentoring-match') },
      { path: 'impact', lazy: () => import('../routes/impact') },
      { path: 'admin', lazy: () => import('../routes/admin') },
      { path: 'admin/webhooks/:webhookId', lazy: () => import('../routes/admin-webhook') },
      { path: 'imports', lazy: () => import('../routes/imports') },
      { path: 'imports/:jobId', lazy: () => import('../routes/import') },
      { path: '*', lazy: () => import('../routes/not-found') },
    ],
  },
]);
